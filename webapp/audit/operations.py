"""Write the audit trail."""

from __future__ import annotations

from flask import has_request_context, request

from webapp.audit.models import AuditEvent
from webapp.extensions import db


def client_address() -> str:
    """Return the caller's address, or an empty string outside a request."""
    if not has_request_context():
        return ""
    return (request.remote_addr or "")[:64]


def record_event(
    actor,
    entity: str,
    entity_id,
    action: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
    actor_name: str | None = None,
) -> AuditEvent:
    """Add one audit event to the current transaction."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        actor_name=(actor_name if actor_name is not None else getattr(actor, "username", ""))[:64],
        entity=entity,
        entity_id=str(entity_id)[:64],
        action=action,
        before=before,
        after=after,
        comment=comment,
        address=client_address(),
    )
    db.session.add(event)
    return event


def record_security_event(actor, entity: str, entity_id, action: str, **kwargs) -> None:
    """Store a security event at once, discarding whatever the failed request had pending."""
    db.session.rollback()
    record_event(actor, entity, entity_id, action, **kwargs)
    db.session.commit()
