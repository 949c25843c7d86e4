"""Read the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.extensions import db
from webapp.security import STAFF_ROLES, require_role

PAGE_SIZE = 100


def trail_of(user: User, entity: str, entity_id: str) -> list[AuditEvent]:
    """Return the audit trail of one object, oldest first."""
    require_role(user, *STAFF_ROLES)
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    return list(db.session.scalars(stmt))


def recent_events(
    user: User, *, entity: str = "", entity_id: str = "", action: str = "", page: int = 1
) -> list[AuditEvent]:
    """Return one page of audit events, newest first, optionally filtered."""
    require_role(user, *STAFF_ROLES)
    stmt = select(AuditEvent)
    if entity:
        stmt = stmt.where(AuditEvent.entity == entity)
    if entity_id:
        stmt = stmt.where(AuditEvent.entity_id == entity_id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    stmt = (
        stmt.order_by(AuditEvent.id.desc()).limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)
    )
    return list(db.session.scalars(stmt))
