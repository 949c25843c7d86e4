"""The daily digest: one e-mail a day to each user who asked for it, listing the day's unread
notifications, each marked e-mailed.

A user gets at most one digest a local day (`users.digest_sent_on`), so a run repeated the same
day, or a job retried, sends nothing more.
"""

from __future__ import annotations

import smtplib
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import or_, select

from webapp.auth.models import EmailFrequency, User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.mail import new_message, smtp_connection
from webapp.notifications.models import EmailStatus, Notification
from workflows.periods import LOCAL_ZONE


def digest_readers(today: date) -> list[User]:
    """The active users who want a daily digest, have an address and had none today."""
    stmt = (
        select(User)
        .where(
            User.active.is_(True),
            User.email_frequency == EmailFrequency.DAILY,
            User.email != "",
            or_(User.digest_sent_on.is_(None), User.digest_sent_on < today),
        )
        .order_by(User.id)
    )
    return list(db.session.scalars(stmt))


def digest_notes(user: User, now: datetime) -> list[Notification]:
    """The user's unread notifications not e-mailed yet, since the day of the last digest (the
    last day when there was none)."""
    if user.digest_sent_on is not None:
        since = datetime.combine(user.digest_sent_on, time(), LOCAL_ZONE)
    else:
        since = now - timedelta(days=1)
    stmt = (
        select(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            Notification.emailed_at.is_(None),
            Notification.email_status == EmailStatus.NONE,
            Notification.created_at >= since,
        )
        .order_by(Notification.id)
    )
    return list(db.session.scalars(stmt))


def send_digests(today: date) -> int:
    """Send today's digest to each user who wants one and has something unread; return how many
    e-mails went. Each user's digest is committed as it goes."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return 0
    readers = digest_readers(today)
    if not readers:
        return 0
    sent = 0
    now = utcnow()
    with smtp_connection(config) as smtp:
        for user in readers:
            notes = digest_notes(user, now)
            if notes:
                try:
                    smtp.send_message(_message(config, user, notes, today))
                except smtplib.SMTPRecipientsRefused:
                    for note in notes:
                        note.email_status = EmailStatus.FAILED
                else:
                    for note in notes:
                        note.email_status = EmailStatus.SENT
                        note.emailed_at = now
                    sent += 1
            user.digest_sent_on = today
            db.session.commit()
    return sent


def _message(config, user: User, notes: list[Notification], today: date) -> EmailMessage:
    base = config["PUBLIC_URL"].rstrip("/")
    message = new_message()
    message["From"] = config["SMTP_SENDER"]
    message["To"] = user.email
    message["Subject"] = (
        f"Tổng hợp thông báo ngày {today:%d/%m/%Y}: {len(notes)} thông báo chưa đọc"
    )
    lines = [f"Kính gửi {user.display_name},", "", "Các thông báo chưa đọc trong ngày:", ""]
    for note in notes:
        lines.append(f"- {note.subject}")
        if note.link:
            lines.append(f"  {base}{note.link}")
    lines += ["", f"Xem tất cả thông báo: {base}/notifications"]
    message.set_content("\n".join(lines))
    return message
