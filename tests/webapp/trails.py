"""What the audit trail recorded about one object, in order."""

from __future__ import annotations

from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.extensions import db


def task_trail(task) -> list[str]:
    """The actions recorded on a unit task, oldest first."""
    stmt = (
        select(AuditEvent.action)
        .where(AuditEvent.entity == "unit_task", AuditEvent.entity_id == str(task.id))
        .order_by(AuditEvent.id)
    )
    return list(db.session.scalars(stmt))
