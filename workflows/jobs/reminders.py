"""The reminder job: send what is due, then schedule the next run on RQ's scheduler."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from workflows.jobs import current_job_id, job

log = logging.getLogger(__name__)


@job
def send_reminders() -> int:
    """Send the reminders due today (Vietnam's time), commit, and plan the next run."""
    from webapp.directives.numbering import local_today
    from webapp.extensions import db
    from webapp.notifications.operations import send_emails_later
    from webapp.tasks.reminders import send_due_reminders

    sent = send_due_reminders(local_today())
    db.session.commit()
    log.info("job %s: %s reminders sent", current_job_id(), sent)
    send_emails_later()
    schedule_reminders()
    return sent


def schedule_reminders(now: datetime | None = None) -> str | None:
    """Put the next reminder run on RQ's scheduler, at the next multiple of the interval; return
    its job id (None without Redis). Scheduling the same run twice keeps one: its id is its time."""
    from flask import current_app
    from rq import Queue

    from workflows.queue import DEFAULT_QUEUE, redis_connection

    connection = redis_connection()
    if connection is None:
        return None
    interval = timedelta(minutes=int(current_app.config["REMINDER_SWEEP_MINUTES"]))
    now = now or datetime.now(UTC)
    step = interval.total_seconds()
    at = datetime.fromtimestamp((now.timestamp() // step + 1) * step, UTC)
    job_id = f"reminders-{at:%Y%m%dT%H%M}"
    Queue(DEFAULT_QUEUE, connection=connection).enqueue_at(
        at, send_reminders, job_id=job_id, result_ttl=24 * 3600
    )
    return job_id
