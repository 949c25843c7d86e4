"""The reminder job: send what is due, then schedule the next run on RQ's scheduler."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from webapp.extensions import db
from webapp.jobs import current_job_id, job
from webapp.jobs.queue import schedule_next
from webapp.notifications.operations import send_emails_later
from webapp.tasks.reminders import send_due_reminders
from workflows.periods import local_today

log = logging.getLogger(__name__)


@job
def send_reminders() -> int:
    """Send the reminders due today (Vietnam's time), commit, and plan the next run."""
    sent = send_due_reminders(local_today())
    db.session.commit()
    log.info("job %s: %s reminders sent", current_job_id(), sent)
    send_emails_later()
    schedule_reminders()
    return sent


def schedule_reminders(now: datetime | None = None) -> str | None:
    """Put the next reminder run on RQ's scheduler; return its job id (None without Redis)."""
    minutes = int(current_app.config["REMINDER_SWEEP_MINUTES"])
    return schedule_next(send_reminders, minutes, "reminders", now)
