"""Fields and form behaviour several forms share."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from webapp.text import user_text
from workflows.periods import PERIOD_PATTERN

COMMENT_MAX = 2000


def text_box(
    label: str,
    max_length: int,
    *,
    required: str | None = None,
    too_long: str | None = None,
    rows: int = 2,
) -> TextAreaField:
    """Return a text box of at most `max_length` characters, required when a message for its
    absence is given."""
    validators = [DataRequired(required)] if required else []
    validators.append(Length(max=max_length, message=too_long or f"Tối đa {max_length} ký tự."))
    # Checked and kept composed: a decomposed "ừ" is one letter, as the database keeps it.
    return TextAreaField(
        label, validators=validators, filters=[user_text], render_kw={"rows": rows}
    )


def comment_field(
    label: str, required: str | None = None, max_length: int = COMMENT_MAX, rows: int = 2
) -> TextAreaField:
    """Return a comment or reason box (at most COMMENT_MAX characters by default)."""
    return text_box(label, max_length, required=required, rows=rows)


def period_field() -> StringField:
    """Return the month chooser of a form that works on one month's figures."""
    return StringField(
        "Kỳ số liệu",
        validators=[
            DataRequired("Vui lòng chọn kỳ số liệu."),
            Regexp(PERIOD_PATTERN, message="Kỳ số liệu phải có dạng YYYY-MM, ví dụ 2024-01."),
        ],
        render_kw={"type": "month"},
    )


class PageForm(FlaskForm):
    """A form that shares its page with others: its fields carry its own prefix, so no two
    fields of the page have the same name or id."""

    field_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.field_prefix)
        super().__init__(*args, **kwargs)


# What WTForms says of a value no field of ours words itself: a choice that was not offered, a
# number or a date that does not read as one, a length without a message.
WTFORMS_MESSAGES = {
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "“%(value)s” không phải lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "“%(value)s” không phải lựa chọn hợp lệ.",
    "Not a valid integer value.": "Phải là số nguyên.",
    "Not a valid decimal value.": "Phải là số.",
    "Not a valid float value.": "Phải là số.",
    "Not a valid date value.": "Ngày không hợp lệ (chọn ngày trên lịch).",
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "This field is required.": "Vui lòng nhập trường này.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Field cannot be longer than %(max)d character.": "Tối đa %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Tối đa %(max)d ký tự.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Cần từ %(min)d đến %(max)d ký tự.",
    "Number must be between %(min)s and %(max)s.": "Phải từ %(min)s đến %(max)s.",
}


class VietnameseMessages:
    """WTForms' own messages, in Vietnamese."""

    def gettext(self, string: str) -> str:
        """Return a message in Vietnamese (as it is when none is known)."""
        return WTFORMS_MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Return the message for n in Vietnamese, which has one form for every number."""
        return self.gettext(singular if n == 1 else plural)


def use_vietnamese_messages() -> None:
    """Have every form word WTForms' own messages in Vietnamese."""
    FlaskForm.Meta.get_translations = lambda _meta, _form: VietnameseMessages()
