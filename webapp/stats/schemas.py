"""API schemas for figures and findings."""

import marshmallow as ma

from webapp.stats.dossier_lists import LISTED_FIGURES, MAX_LIMIT
from workflows.periods import PERIOD_PATTERN
from workflows.rules.findings import Rule


class PeriodQuerySchema(ma.Schema):
    period = ma.fields.String(
        required=True,
        validate=ma.validate.Regexp(
            PERIOD_PATTERN, error="Kỳ phải có dạng YYYY-MM, ví dụ 2024-01."
        ),
        metadata={"example": "2024-01"},
    )


class UnitFiguresSchema(ma.Schema):
    unit_code = ma.fields.String(required=True)
    period = ma.fields.String(required=True)
    received = ma.fields.Integer(required=True)
    resolved_on_time = ma.fields.Integer(required=True)
    resolved_late = ma.fields.Integer(required=True)
    pending_on_time = ma.fields.Integer(required=True)
    pending_overdue = ma.fields.Integer(required=True)
    closed_late_in_software = ma.fields.Integer(required=True)
    complaints = ma.fields.Integer(required=True)
    on_time_rate = ma.fields.Float(
        allow_none=True,
        required=True,
        metadata={
            "description": "Phần trăm, 2 chữ số thập phân; null khi chưa giải quyết hồ sơ nào"
        },
    )
    exempted = ma.fields.Integer(
        required=True,
        metadata={
            "description": "Hồ sơ quá hạn được chấp nhận miễn trừ, đã tính là đúng hạn; số liệu "
            "của cổng: resolved_late + exempted, resolved_on_time - exempted"
        },
    )
    late_caused_by_others = ma.fields.Integer(
        required=True,
        metadata={"description": "Hồ sơ quá hạn của đơn vị do đơn vị khác làm chậm (liên thông)"},
    )
    late_caused_elsewhere = ma.fields.Integer(
        required=True,
        metadata={"description": "Hồ sơ quá hạn của đơn vị khác do đơn vị này làm chậm"},
    )
    source = ma.fields.String(
        allow_none=True,
        metadata={"description": "dossiers hoặc report; null khi đơn vị chưa gửi số liệu"},
    )


class FindingSchema(ma.Schema):
    rule = ma.fields.Enum(Rule, by_value=True, required=True)
    unit_code = ma.fields.String(required=True)
    value = ma.fields.Float(required=True)
    threshold = ma.fields.Float(required=True)
    repeat_count = ma.fields.Integer(
        required=True,
        metadata={"description": "Số tháng vi phạm cùng quy tắc trong 12 tháng gần nhất"},
    )
    flagged = ma.fields.Boolean(metadata={"description": "Tái phạm từ 3 lần trở lên"})


class DossierQuerySchema(PeriodQuerySchema):
    unit = ma.fields.String(
        required=True, validate=ma.validate.Length(1, 64), metadata={"example": "TAMPHUOC"}
    )
    figure = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(LISTED_FIGURES),
        metadata={"example": "resolved_late"},
    )
    limit = ma.fields.Integer(load_default=100, validate=ma.validate.Range(1, MAX_LIMIT))
    offset = ma.fields.Integer(load_default=0, validate=ma.validate.Range(0, 10_000_000))


class ListedDossierSchema(ma.Schema):
    """A dossier, or for `complaints` a complaint (complaint_code, channel, received_at,
    subject, official_name)."""

    dossier_code = ma.fields.String()
    complaint_code = ma.fields.String()
    unit_code = ma.fields.String(required=True)
    procedure_code = ma.fields.String()
    channel = ma.fields.String(required=True)
    received_at = ma.fields.String(
        required=True, metadata={"description": "Giờ Việt Nam, ISO 8601 có múi giờ"}
    )
    due_at = ma.fields.String()
    returned_at = ma.fields.String(allow_none=True)
    finished_at = ma.fields.String(allow_none=True)
    delayed_by_unit_code = ma.fields.String(allow_none=True)
    exemption_state = ma.fields.String(allow_none=True)
    subject = ma.fields.String()
    official_name = ma.fields.String()


class DossierListSchema(ma.Schema):
    total = ma.fields.Integer(required=True)
    items = ma.fields.List(ma.fields.Nested(ListedDossierSchema), required=True)
