"""Authorization in one place: who may do what, and which units' rows a user may load."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, exists, select

from webapp.audit.operations import record_security_event
from webapp.auth.models import Role, User
from webapp.extensions import db
from workflows.errors import PermissionDenied

STAFF_ROLES = (Role.OFFICE, Role.LEADER, Role.ADMIN)
"""Roles that see every unit."""

# The system acting with the office's rights where no person does (the command line), and whose
# eyes the whole city's figures are read with where they are not a person's (an import's
# preview). Never stored.
SYSTEM_OFFICE = User(username="system", display_name="Dòng lệnh", role=Role.OFFICE)


def sees_all_units(user: User) -> bool:
    """Tell whether the user may see every unit's data."""
    return user.role in STAFF_ROLES


def scope_to_user(stmt: Select, user: User, unit_column) -> Select:
    """Restrict a query to the rows the user may see through the given unit column."""
    if sees_all_units(user):
        return stmt
    return stmt.where(unit_column == user.unit_id)


def load_visible_or_404(user: User, model, unit_column, *criteria):
    """Load one row the user may see, or answer 404 whether it is missing or out of scope.

    A unit user asking for another unit's row learns nothing (404, not 403); the attempt is
    written to the audit trail.
    """
    stmt = scope_to_user(select(model).where(*criteria), user, unit_column)
    row = db.session.scalar(stmt)
    if row is not None:
        return row
    if not sees_all_units(user) and db.session.scalar(select(exists().where(*criteria))):
        record_security_event(
            user,
            model.__tablename__,
            _describe(criteria),
            "out_of_scope_access",
            comment="Truy cập dữ liệu của đơn vị khác",
        )
    abort(404)


def _describe(criteria) -> str:
    parts = []
    for criterion in criteria:
        value = getattr(getattr(criterion, "right", None), "value", None)
        parts.append(str(value) if value is not None else str(criterion))
    return ",".join(parts)[:64]


def require_actor(actor: User | None, roles: tuple[Role, ...], message: str) -> None:
    """Refuse an operation (PermissionDenied, with the message) unless the actor holds a role."""
    if actor is None or actor.role not in roles:
        raise PermissionDenied(message)


def require_role(user: User, *roles: Role) -> None:
    """Answer 403 unless the user has one of the roles."""
    if user.role not in roles:
        abort(403)


def roles_required(*roles: Role) -> Callable:
    """Decorate a page: log in first, then hold one of the roles."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            require_role(current_user, *roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def staff_page(*roles: Role):
    """Decorate a page for some staff roles: unit users learn nothing of it (404)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not sees_all_units(current_user):
                abort(404)
            require_role(current_user, *roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator
