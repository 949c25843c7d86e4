"""Tell users what happened: a notification in the app, and an e-mail when SMTP is configured."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import select, update

from webapp.auth.models import EmailFrequency, Role, User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.jobs import queue
from webapp.jobs.mail import send_pending_emails
from webapp.notifications.models import EmailStatus, Notification

log = logging.getLogger(__name__)


def notify(
    users: Iterable[User], subject: str, body: str = "", link: str = "", key: str | None = None
) -> list[Notification]:
    """Add one notification per active user, with its e-mail waiting when it can be sent (no commit).

    A hand-off names itself by `key` ("directive:5:signed"): a user who was told of it already is
    not told again, so a step announced twice, or a job run again, adds nothing. A user who asked
    for a daily digest gets the e-mail in the next digest, not now.
    """
    mail = bool(current_app.config.get("SMTP_HOST"))
    chosen: dict[int, User] = {}
    for user in users:
        if user.active and user.id not in chosen:
            chosen[user.id] = user
    if key is not None and chosen:
        told = db.session.scalars(
            select(Notification.user_id).where(
                Notification.event_key == key, Notification.user_id.in_(list(chosen))
            )
        )
        for user_id in set(told):
            chosen.pop(user_id, None)
    notes = []
    for user in chosen.values():
        # A user not yet flushed has no frequency yet: the default, at once.
        now = mail and user.email and user.email_frequency in (None, EmailFrequency.IMMEDIATE)
        notes.append(
            Notification(
                user_id=user.id,
                subject=subject[:300],
                body=body,
                link=link,
                event_key=key,
                email_status=EmailStatus.PENDING if now else EmailStatus.NONE,
            )
        )
    db.session.add_all(notes)
    return notes


def unit_users(unit_id: int) -> list[User]:
    """Return the active accounts of one unit."""
    stmt = select(User).where(User.unit_id == unit_id, User.active.is_(True)).order_by(User.id)
    return list(db.session.scalars(stmt))


def staff_users(*roles: Role) -> list[User]:
    """Return the active accounts holding one of the roles."""
    stmt = select(User).where(User.role.in_(roles), User.active.is_(True)).order_by(User.id)
    return list(db.session.scalars(stmt))


def send_emails_later() -> None:
    """Queue the sending of waiting e-mails, once what created them is committed."""
    if not current_app.config.get("SMTP_HOST"):
        return

    try:
        queue.enqueue(send_pending_emails)
    except Exception:
        # The e-mails wait in the database; the next sending picks them up.
        log.exception("sending of e-mails could not be started")


def unread_count(user: User) -> int:
    """Return how many of the user's notifications are unread."""
    stmt = select(db.func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return db.session.scalar(stmt) or 0


def notifications_of(user: User, limit: int = 100) -> list[Notification]:
    """Return the user's latest notifications, newest first."""
    stmt = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; return how many changed."""
    stmt = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount or 0
