"""API schemas for the audit trail."""

import marshmallow as ma

# An audited object's key as the trail keeps it (a number or a code): its column's length.
ENTITY_ID_MAX = 64


class AuditQuerySchema(ma.Schema):
    entity = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=ENTITY_ID_MAX))


class AuditEventSchema(ma.Schema):
    occurred_at = ma.fields.AwareDateTime(required=True)
    actor = ma.fields.String(attribute="actor_name", required=True)
    entity = ma.fields.String(required=True)
    entity_id = ma.fields.String(required=True, validate=ma.validate.Length(max=ENTITY_ID_MAX))
    action = ma.fields.String(required=True)
    before = ma.fields.Dict(allow_none=True)
    after = ma.fields.Dict(allow_none=True)
    comment = ma.fields.String()
