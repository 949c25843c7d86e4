"""API schemas for directive letters and their assignments."""

import marshmallow as ma

from webapp.api.schemas import Id, Text
from webapp.directives.models import DirectiveState, LetterKind
from workflows.periods import PERIOD_PATTERN

DRAFTABLE_KINDS = [kind.value for kind in LetterKind if kind != LetterKind.APOLOGY]


class DirectiveCreateSchema(ma.Schema):
    period = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(
            PERIOD_PATTERN, error="Kỳ phải có dạng YYYY-MM, ví dụ 2024-01."
        ),
        metadata={"example": "2024-01"},
    )
    kind = ma.fields.String(
        load_default=LetterKind.DIRECTIVE.value,
        validate=ma.validate.OneOf(
            DRAFTABLE_KINDS, error="Phải là một trong: " + ", ".join(DRAFTABLE_KINDS) + "."
        ),
        metadata={"description": "directive (chấn chỉnh), notice, reminder hoặc criticism"},
    )


class DirectiveListQuerySchema(ma.Schema):
    state = ma.fields.Enum(DirectiveState, by_value=True)


class SignerSchema(ma.Schema):
    id = Id(required=True)
    full_name = ma.fields.String(required=True)
    title = ma.fields.String(required=True, metadata={"description": "Chức vụ, ví dụ CHỦ TỊCH"})
    authority = ma.fields.String(metadata={"description": "Quyền hạn, ví dụ KT. CHỦ TỊCH"})


class AssignmentSchema(ma.Schema):
    id = Id(required=True)
    position = ma.fields.Integer(required=True, metadata={"description": "Số thứ tự trong văn bản"})
    heading = ma.fields.String(metadata={"description": "Phần in trước dấu hai chấm"})
    text = ma.fields.String(required=True)
    sub_items = ma.fields.List(ma.fields.String())
    deadline = ma.fields.Date(allow_none=True)
    criterion = ma.fields.Dict(
        allow_none=True,
        metadata={
            "description": 'Tiêu chí đo được, ví dụ {"figure": "on_time_rate", "op": ">=", "value": 97}'
        },
    )
    lead_unit_codes = ma.fields.Function(
        lambda item: [unit.code for unit in item.lead_units],
        metadata={"description": "Đơn vị chủ trì"},
    )
    supporting_unit_codes = ma.fields.Function(
        lambda item: [unit.code for unit in item.supporting_units],
        metadata={"description": "Đơn vị phối hợp"},
    )


class DirectiveSummarySchema(ma.Schema):
    id = Id(required=True)
    kind = ma.fields.Enum(LetterKind, by_value=True, required=True)
    state = ma.fields.Enum(DirectiveState, by_value=True, required=True)
    state_label = ma.fields.Function(lambda directive: directive.state.label)
    period = ma.fields.String()
    subject = ma.fields.String(required=True, metadata={"description": "Trích yếu, không có V/v"})
    number = ma.fields.Integer(allow_none=True)
    symbol = ma.fields.String()
    number_text = ma.fields.String(metadata={"description": "Số và ký hiệu, ví dụ 01/UBND-VP"})
    letter_date = ma.fields.Date(allow_none=True)
    created_at = ma.fields.AwareDateTime()


class DirectiveSchema(DirectiveSummarySchema):
    addressees = ma.fields.List(ma.fields.String(), metadata={"description": "Kính gửi"})
    opening = ma.fields.List(ma.fields.String(), metadata={"description": "Căn cứ, tình hình"})
    lead_in = ma.fields.String()
    closing = ma.fields.List(ma.fields.String())
    recipients = ma.fields.List(ma.fields.String(), metadata={"description": "Nơi nhận khác"})
    table = ma.fields.Dict(
        allow_none=True, metadata={"description": 'Bảng kết quả: {"columns": [...], "rows": [...]}'}
    )
    ground_ids = ma.fields.List(Id())
    annex = ma.fields.Dict(
        allow_none=True,
        metadata={
            "description": 'Phụ lục: {"title": ..., "sections": [{"heading", "note", "rows"}]}'
        },
    )
    signer = ma.fields.Nested(SignerSchema, allow_none=True)
    drafting_unit = ma.fields.String()
    submitted_at = ma.fields.AwareDateTime(allow_none=True)
    signed_at = ma.fields.AwareDateTime(allow_none=True)
    issued_at = ma.fields.AwareDateTime(allow_none=True)
    return_comment = ma.fields.String()
    template_version = ma.fields.String()
    assignments = ma.fields.List(ma.fields.Nested(AssignmentSchema))


class AssignmentInputSchema(ma.Schema):
    heading = ma.fields.String()
    text = ma.fields.String(required=True)
    sub_items = ma.fields.List(ma.fields.String())
    deadline = ma.fields.Date(allow_none=True, metadata={"example": "2024-02-08"})
    lead_unit_codes = ma.fields.List(ma.fields.String(), required=True)
    supporting_unit_codes = ma.fields.List(ma.fields.String())
    criterion = ma.fields.Dict(allow_none=True)


class DirectivePatchSchema(ma.Schema):
    """The parts of a draft to change; fields left out stay as they are."""

    subject = ma.fields.String()
    addressees = ma.fields.List(ma.fields.String())
    opening = ma.fields.List(ma.fields.String())
    lead_in = ma.fields.String()
    closing = ma.fields.List(ma.fields.String())
    recipients = ma.fields.List(ma.fields.String())
    signer_id = Id(allow_none=True)
    ground_ids = ma.fields.List(
        Id(),
        metadata={
            "description": "Căn cứ dẫn ở đầu văn bản, theo thứ tự; đổi thì câu “Căn cứ …” của đoạn "
            "mở đầu được viết lại"
        },
    )
    # Raw: a boolean only, not the 1/"yes" marshmallow's Boolean takes; update_draft refuses others.
    annex = ma.fields.Raw(
        metadata={
            "type": "boolean",
            "description": "Kèm Phụ lục danh sách hồ sơ của các đơn vị chưa đạt (lập lại từ số "
            "liệu mỗi lần gửi true), hoặc bỏ (false)",
        },
    )
    assignments = ma.fields.List(
        ma.fields.Nested(AssignmentInputSchema),
        metadata={"description": "Thay toàn bộ danh sách nhiệm vụ, theo thứ tự"},
    )


class ReturnSchema(ma.Schema):
    comment = Text(required=True, metadata={"description": "Ý kiến khi trả lại"})
