"""Notifications to users (in the app, and by e-mail when SMTP is configured) and reminders sent."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, enum_column, utcnow
from webapp.extensions import db


class EmailStatus(enum.StrEnum):
    NONE = "none"  # no e-mail: SMTP not configured or the user has no address
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender; back to pending if it dies before sending
    SENT = "sent"
    FAILED = "failed"


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # One notification of one hand-off per user: announcing it again adds nothing.
        Index("ix_notifications_user_event", "user_id", "event_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    # The page it is about, e.g. "/tasks/12".
    link: Mapped[str] = mapped_column(String(300), default="")
    # The hand-off it announces, e.g. "directive:5:signed"; empty (NULL) for one-off messages.
    event_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_status: Mapped[EmailStatus] = mapped_column(
        enum_column(EmailStatus, "email_status", 8),
        default=EmailStatus.NONE,
    )
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")


class ReminderKind(enum.StrEnum):
    BEFORE = "before"  # some days before the deadline
    DUE = "due"  # on the day
    OVERDUE = "overdue"  # every few days while overdue
    ESCALATION = "escalation"  # to the office and the leaders, after the grace period


class ReminderSent(db.Model):
    """One reminder of one task for one slot: unique, so a job run twice sends it once."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("task_id", "kind", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("unit_tasks.id"))
    kind: Mapped[str] = mapped_column(String(12))
    # The day the reminder is for (the deadline, or the overdue day it repeats on).
    slot: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
