"""API schemas of requests for exemption."""

import marshmallow as ma

from webapp.api.schemas import Id, Text
from webapp.tasks.schemas import EvidenceSchema
from workflows.machines.exemption import Reason, State


class ExemptionSchema(ma.Schema):
    id = Id(required=True)
    dossier_code = ma.fields.String(required=True)
    unit_code = ma.fields.Function(lambda item: item.unit.code)
    period = ma.fields.String(
        metadata={"description": "Tháng hồ sơ kết thúc: tháng có số liệu được tính lại"}
    )
    reason = ma.fields.Function(lambda item: item.reason.value)
    text = ma.fields.String()
    state = ma.fields.Function(
        lambda item: item.state.value,
        metadata={"description": "pending, accepted, rejected hoặc withdrawn"},
    )
    requested_at = ma.fields.AwareDateTime()
    decided_at = ma.fields.AwareDateTime(allow_none=True)
    decision_comment = ma.fields.String()
    note = ma.fields.String(
        metadata={"description": "Khi một lần nhập sau đổi thời điểm của hồ sơ: điều gì đã đổi"}
    )
    evidence = ma.fields.List(ma.fields.Nested(EvidenceSchema))


class ExemptionCreateSchema(ma.Schema):
    dossier_code = Text(required=True, validate=ma.validate.Length(min=1, max=64))
    reason = ma.fields.String(
        required=True, validate=ma.validate.OneOf([item.value for item in Reason])
    )
    text = Text(required=True, validate=ma.validate.Length(min=1, max=4000))


class ExemptionQuerySchema(ma.Schema):
    period = ma.fields.String(
        validate=ma.validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="Kỳ có dạng YYYY-MM.")
    )
    state = ma.fields.String(validate=ma.validate.OneOf([item.value for item in State]))


class DecisionSchema(ma.Schema):
    comment = Text(required=True, validate=ma.validate.Length(min=1, max=2000))
