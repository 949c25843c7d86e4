"""Read directive letters within the caller's scope."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import selectinload

from webapp.audit.operations import record_security_event
from webapp.auth.models import User
from webapp.directives.models import (
    Assignment,
    AssignmentUnit,
    Directive,
    DirectiveState,
)
from webapp.extensions import db
from webapp.security import sees_all_units

# A unit sees a letter once it has been issued to it, never a draft or an unsent signed letter.
ISSUED_STATES = (DirectiveState.ISSUED, DirectiveState.CLOSED)


def scope_directives(stmt: Select, user: User) -> Select:
    """Restrict a query over directives to those the user may see."""
    if sees_all_units(user):
        return stmt
    names_unit = exists().where(
        Assignment.directive_id == Directive.id,
        AssignmentUnit.assignment_id == Assignment.id,
        AssignmentUnit.unit_id == user.unit_id,
    )
    issued = or_(Directive.issued_at.is_not(None), Directive.state.in_(ISSUED_STATES))
    return stmt.where(issued, names_unit)


def visible_directives(user: User, state: DirectiveState | str | None = None) -> list[Directive]:
    """Return the letters the user may see, newest first, optionally in one state."""
    stmt = select(Directive).options(selectinload(Directive.signer))
    if state:
        stmt = stmt.where(Directive.state == DirectiveState(state))
    stmt = scope_directives(stmt, user).order_by(Directive.created_at.desc(), Directive.id.desc())
    return list(db.session.scalars(stmt))


def directive_or_404(user: User, directive_id: int) -> Directive:
    """Return one letter the user may see, with its assignments and units; 404 otherwise."""
    stmt = (
        select(Directive)
        .where(Directive.id == directive_id)
        .options(
            selectinload(Directive.assignments)
            .selectinload(Assignment.unit_links)
            .selectinload(AssignmentUnit.unit)
        )
    )
    directive = db.session.scalar(scope_directives(stmt, user))
    if directive is not None:
        return directive
    if not sees_all_units(user) and db.session.get(Directive, directive_id) is not None:
        record_security_event(
            user,
            Directive.__tablename__,
            directive_id,
            "out_of_scope_access",
            comment="Truy cập văn bản không giao cho đơn vị",
        )
    abort(404)
