"""API schemas for figures and findings."""

import marshmallow as ma

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
    source = ma.fields.String(metadata={"description": "dossiers hoặc report"})


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
