"""API schemas for units."""

import marshmallow as ma

from webapp.units.models import UnitKind


class UnitSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.Enum(UnitKind, by_value=True, required=True)
    parent_code = ma.fields.Function(
        lambda unit: unit.parent.code if unit.parent else None, allow_none=True
    )
