"""The recovery sweep: queue again the work the database says is pending and no job will do.

Queued jobs live in Redis, which may lose them (a restart without persistence), and a worker may
be killed in the middle of one. The database keeps what each job is for: an import run still
queued, a signed or batched letter without its files, e-mails not sent. The sweep runs when a
worker starts and every RECOVERY_SWEEP_MINUTES on RQ's scheduler (`flask --app webapp recover`
runs it once, in-process without Redis). Every job it queues is safe to run twice: an import holds
its run and finds it done, a rendering replaces the same files, e-mails are claimed one by one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from webapp.database import utcnow
from webapp.documents.pending import letters_missing_files
from webapp.extensions import db
from webapp.imports.models import ImportRun
from webapp.imports.runs import REQUEUE_GRACE, give_up, lost_runs
from webapp.jobs import current_job_id, job, queue
from webapp.jobs.imports import run_import
from webapp.jobs.queue import JobState, job_state, schedule_next
from webapp.jobs.rendering import RENDER_JOB, render_directive
from webapp.notifications.mail import emails_waiting
from webapp.notifications.operations import send_emails_later

log = logging.getLogger(__name__)


@job
def recover_pending_work() -> dict[str, int]:
    """Queue again the imports, renderings and e-mails whose jobs were lost; plan the next sweep."""
    counts = {
        "imports": requeue_lost_imports(),
        "letters": requeue_missing_letters(),
        "emails": requeue_waiting_emails(),
    }
    log.info("job %s: recovery sweep queued again %s", current_job_id(), counts)
    schedule_recovery()
    return counts


def requeue_lost_imports() -> int:
    """Queue again each queued import whose job is gone; give up those attempted too often."""
    again, given_up = lost_runs(lambda job_id: job_state(job_id) == JobState.GONE)
    for run in given_up:
        give_up(run)
    run_ids = [run.id for run in again]
    db.session.commit()
    for run_id in run_ids:
        handle = queue.enqueue(run_import, run_id, timeout=3600)
        if handle.queued:
            db.session.get(ImportRun, run_id).job_id = handle.id
            db.session.commit()
    return len(run_ids)


def requeue_missing_letters() -> int:
    """Render again each signed or batched letter without its files and no job rendering it."""
    queued = 0
    for directive_id in letters_missing_files(before=utcnow() - REQUEUE_GRACE):
        job_id = RENDER_JOB.format(directive_id)
        if job_state(job_id) in (JobState.WAITING, JobState.RUNNING):
            continue
        queue.enqueue(render_directive, directive_id, job_id=job_id)
        queued += 1
    return queued


def requeue_waiting_emails() -> int:
    """Queue the sending of e-mails left waiting; return 1 when there were any."""
    if not emails_waiting():
        return 0
    send_emails_later()
    return 1


def schedule_recovery(now: datetime | None = None) -> str | None:
    """Put the next sweep on RQ's scheduler; return its job id (None without Redis)."""
    minutes = int(current_app.config["RECOVERY_SWEEP_MINUTES"])
    return schedule_next(recover_pending_work, minutes, "recovery", now)
