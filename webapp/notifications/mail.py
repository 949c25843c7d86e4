"""Send waiting notification e-mails through SMTP, each claimed first so two senders never share one."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from email import policy
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import or_, select, update

from webapp.database import utcnow
from webapp.extensions import db
from webapp.notifications.models import EmailStatus, Notification

# A claim older than this belongs to a sender that died: the e-mail is sent again. This is the
# one way an e-mail can go twice (a sender killed after SMTP accepted it, before it was marked).
CLAIM_TIMEOUT = timedelta(minutes=10)
BATCH = 200
# Headers unfolded up to RFC 5322's line limit: Python's folding of encoded words drops the space
# at a fold ("05/12/2026: 2" arrived as "05/12/2026:2"), and the hand-offs' subjects are long.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


def _waiting(stale):
    """E-mails to send: never claimed, or claimed by a sender that died."""
    return or_(
        Notification.email_status == EmailStatus.PENDING,
        (Notification.email_status == EmailStatus.SENDING)
        & (Notification.email_claimed_at < stale),
    )


def emails_waiting() -> bool:
    """Tell whether any e-mail waits to be sent."""
    stale = utcnow() - CLAIM_TIMEOUT
    return db.session.scalar(select(Notification.id).where(_waiting(stale)).limit(1)) is not None


def claim_pending() -> list[int]:
    """Claim a batch of waiting e-mails for this sender and commit the claim; return their ids."""
    stale = utcnow() - CLAIM_TIMEOUT
    waiting = select(Notification.id).where(_waiting(stale)).order_by(Notification.id).limit(BATCH)
    ids = list(db.session.scalars(waiting))
    if not ids:
        return []
    claimed_at = utcnow()
    db.session.execute(
        update(Notification)
        .where(
            Notification.id.in_(ids),
            or_(
                Notification.email_status == EmailStatus.PENDING,
                Notification.email_claimed_at < stale,
            ),
        )
        .values(email_status=EmailStatus.SENDING, email_claimed_at=claimed_at)
    )
    db.session.commit()
    # Another sender may have claimed some between the two statements: keep only ours.
    mine = select(Notification.id).where(
        Notification.id.in_(ids), Notification.email_claimed_at == claimed_at
    )
    return list(db.session.scalars(mine))


def send_claimed(ids: list[int]) -> int:
    """Send the claimed e-mails over one SMTP connection, marking each as it goes; return how many."""
    config = current_app.config
    sent = 0
    with smtp_connection(config) as smtp:
        for note in db.session.scalars(select(Notification).where(Notification.id.in_(ids))):
            message = new_message()
            message["From"] = config["SMTP_SENDER"]
            message["To"] = note.user.email
            message["Subject"] = note.subject
            link = f"\n\n{config['PUBLIC_URL'].rstrip('/')}{note.link}" if note.link else ""
            message.set_content(f"{note.body}{link}".strip() or note.subject)
            try:
                smtp.send_message(message)
            except smtplib.SMTPRecipientsRefused:
                note.email_status = EmailStatus.FAILED
            else:
                note.email_status = EmailStatus.SENT
                note.emailed_at = utcnow()
                sent += 1
            db.session.commit()
    return sent


def new_message() -> EmailMessage:
    """An e-mail whose Vietnamese subject arrives whole."""
    return EmailMessage(policy=MAIL_POLICY)


def smtp_connection(config) -> smtplib.SMTP:
    """Open the configured SMTP connection (STARTTLS and login when configured)."""
    smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30)
    if config.get("SMTP_STARTTLS"):
        smtp.starttls()
    if config.get("SMTP_USER"):
        smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
    return smtp
