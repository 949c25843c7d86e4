"""Schemas shared by every API route."""

import marshmallow as ma

from webapp.database import MAX_ID
from webapp.text import user_text

# Validation messages in Vietnamese, for every schema of the API.
ma.fields.Field.default_error_messages.update(
    required="Thiếu trường bắt buộc.",
    null="Trường này không được để trống.",
    validator_failed="Giá trị không hợp lệ.",
)
ma.fields.Enum.default_error_messages.update(unknown="Phải là một trong: {choices}.")
ma.fields.Integer.default_error_messages.update(invalid="Phải là số nguyên.")
ma.fields.String.default_error_messages.update(invalid="Phải là chuỗi ký tự.")
ma.Schema._default_error_messages.update(
    unknown="Trường không được hỗ trợ.", type="Dữ liệu gửi lên không đúng dạng."
)
ma.validate.Length.message_max = "Dài tối đa {max} ký tự."
ma.validate.Length.message_min = "Cần ít nhất {min} ký tự."
ma.validate.Length.message_all = "Độ dài phải từ {min} đến {max} ký tự."


class Text(ma.fields.String):
    """A string read as the app keeps text, trimmed and composed (NFC), then measured."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return user_text(super()._deserialize(value, attr, data, **kwargs))


# Every table's key fits here; a larger number would fail the query (an overflow on SQLite, an
# out-of-range error on PostgreSQL) instead of finding nothing.
ID_RANGE = ma.validate.Range(min=1, max=MAX_ID, error="Phải là số nguyên từ {min} đến {max}.")


class Id(ma.fields.Integer):
    """An object's id, as the database keeps it: a JSON integer from 1 to MAX_ID."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("strict", True)
        super().__init__(validate=ID_RANGE, **kwargs)


class ProblemSchema(ma.Schema):
    location = ma.fields.String(
        metadata={"description": "json, query, form, files, or a file name"}
    )
    field = ma.fields.String(metadata={"description": "The field (or row and column) at fault"})
    message = ma.fields.String(required=True)


class ErrorSchema(ma.Schema):
    """The body of every error answer."""

    error = ma.fields.String(
        required=True, metadata={"description": "What went wrong, in Vietnamese"}
    )
    details = ma.fields.List(
        ma.fields.Dict(), required=True, metadata={"description": "Every problem found"}
    )
