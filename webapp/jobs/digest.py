"""The daily digest job: send each user who asked for it one e-mail of the day's unread
notifications, then schedule the next day's run on RQ's scheduler."""

from __future__ import annotations

import logging
from datetime import datetime

from webapp.jobs import current_job_id, job
from webapp.jobs.queue import schedule_next
from webapp.notifications.digest import send_digests
from workflows.periods import local_today

log = logging.getLogger(__name__)

# Once a day, at 00:00 UTC: 07:00 in Vietnam, before the working day.
DIGEST_EVERY_MINUTES = 24 * 60


@job
def send_daily_digests() -> int:
    """Send today's digests (each user's once a day, each committed), and plan tomorrow's."""
    sent = send_digests(local_today())
    log.info("job %s: %s digests sent", current_job_id(), sent)
    schedule_digests()
    return sent


def schedule_digests(now: datetime | None = None) -> str | None:
    """Put the next digest run on RQ's scheduler; return its job id (None without Redis)."""
    return schedule_next(send_daily_digests, DIGEST_EVERY_MINUTES, "digest", now)
