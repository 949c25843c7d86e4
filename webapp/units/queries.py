"""Read units within the caller's scope."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.auth.models import User
from webapp.extensions import db
from webapp.security import load_visible_or_404, scope_to_user
from webapp.units.models import Unit, UnitKind, by_kind_and_name


def visible_units(user: User, kind: UnitKind | None = None) -> list[Unit]:
    """Return the units the user may see, departments first, then by name."""
    stmt = select(Unit).options(selectinload(Unit.parent))
    if kind is not None:
        stmt = stmt.where(Unit.kind == kind)
    stmt = scope_to_user(stmt, user, Unit.id).order_by(*by_kind_and_name())
    return list(db.session.scalars(stmt))


def visible_unit_or_404(user: User, code: str) -> Unit:
    """Return the unit with this code if the user may see it; 404 otherwise."""
    return load_visible_or_404(user, Unit, Unit.id, Unit.code == code)
