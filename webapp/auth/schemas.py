"""API schemas for the caller's own account."""

import marshmallow as ma

from webapp.auth.models import Role


class MeSchema(ma.Schema):
    username = ma.fields.String(required=True)
    display_name = ma.fields.String(required=True)
    role = ma.fields.Enum(Role, by_value=True, required=True)
    unit_code = ma.fields.Function(
        lambda user: user.unit.code if user.unit else None, allow_none=True
    )
