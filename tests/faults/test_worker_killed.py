"""A worker killed in the middle of an import, of a rendering and of a reminder run: after a new
worker starts, each job's work is done exactly once (no row, letter number, file or notification
twice, none missing)."""

from __future__ import annotations

import time
from datetime import timedelta

from rq import Queue
from rq.job import Job
from sqlalchemy import func, select

from tests.factories import issue_january
from tests.faults.conftest import HEARTBEAT, writes_held
from tests.faults.files import dossier_file, upload
from tests.faults.services import wait_until
from tests.faults.test_redis_down import files_of, sign_through_the_page, submitted_letter
from tests.webapp.stats.counts import counted_dossiers, stored_counts
from webapp.audit.models import AuditEvent
from webapp.directives.models import Directive
from webapp.directives.register.models import RegisterEntry
from webapp.extensions import db
from webapp.imports.models import ImportRun, ImportStatus
from webapp.jobs.queue import redis_connection
from webapp.jobs.reminders import send_reminders
from webapp.notifications.models import Notification, ReminderSent
from webapp.stats.models import Dossier
from webapp.tasks.models import UnitTask
from workflows.periods import local_today

# Enough dossiers that the import takes a few seconds and is checked in its child process.
ROWS = 150_000


def job_of(live, job_id: str) -> Job:
    with live.app.app_context():
        return Job.fetch(job_id, connection=redis_connection())


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def wait_for_its_death() -> None:
    """Let three heartbeats pass: the killed worker's job is then known dead."""
    time.sleep(3 * HEARTBEAT + 0.5)


def test_an_import_killed_midway_is_run_again_and_stored_once(live, tmp_path):
    office = live.client("vanphong")
    upload(office, dossier_file(tmp_path / "hoso.csv", ROWS))
    live.fresh()
    run = db.session.scalars(select(ImportRun)).one()
    worker = live.worker(tmp_path)

    worker.start()
    wait_until(
        lambda: (job_of(live, run.job_id).get_meta(refresh=True).get("progress") or 0) > 0.3,
        120,
        "the import half done",
    )
    worker.kill()

    live.fresh()
    run = db.session.get(ImportRun, run.id)
    assert (run.status, run.attempts) == (ImportStatus.QUEUED, 1)
    assert count(Dossier) == 0  # its transaction died with it
    wait_for_its_death()
    live.backdate("import_runs", "created_at", run.id)
    assert worker.run_burst() == 0

    live.fresh()
    run = db.session.get(ImportRun, run.id)
    assert (run.status, run.attempts, run.rows_added) == (ImportStatus.DONE, 2, ROWS)
    assert count(Dossier) == ROWS
    assert stored_counts() == counted_dossiers()
    assert (
        count(AuditEvent, AuditEvent.entity == "import_run", AuditEvent.entity_id == str(run.id))
        == 1
    )


def test_letters_whose_worker_is_killed_before_storing_them_are_stored_once(live, tmp_path):
    letter = submitted_letter(live)
    sign_through_the_page(live, letter)
    live.fresh()
    worker = live.worker(tmp_path)

    with writes_held(live.database_url, "rendered_documents"):
        worker.start()
        job_id = f"render-letter-{letter.id}"
        wait_until(lambda: job_of(live, job_id).get_status() == "started", 60, "rendering")
        time.sleep(1)  # rendered, now waiting to store
        worker.kill()

    live.fresh()
    assert files_of(letter.id) == 0
    wait_for_its_death()
    live.backdate("directives", "signed_at", letter.id)
    assert worker.run_burst() == 0

    live.fresh()
    assert files_of(letter.id) == 2
    assert db.session.get(Directive, letter.id).number == 1
    assert count(RegisterEntry) == 1


def test_a_reminder_run_killed_before_its_commit_sends_each_reminder_once(live, tmp_path):
    issued = issue_january(live.city)
    tomorrow = local_today() + timedelta(days=1)
    for task in issued.tasks:
        task.deadline = tomorrow
    db.session.commit()
    tasks = len(issued.tasks)
    queue = Queue("default", connection=redis_connection())
    worker = live.worker(tmp_path)

    with writes_held(live.database_url, "reminders_sent", "notifications"):
        job = queue.enqueue(send_reminders)
        worker.start()
        wait_until(lambda: job.get_status(refresh=True) == "started", 60, "the reminder run")
        # Now waiting for the lock: on PostgreSQL to record the reminders it chose, on SQLite
        # (one write lock, taken when a job's transaction begins) to begin.
        time.sleep(1)
        worker.kill()

    live.fresh()
    assert count(ReminderSent) == 0
    queue.enqueue(send_reminders)  # the scheduler's next run
    assert worker.run_burst() == 0

    live.fresh()
    assert count(ReminderSent) == tasks
    assert count(ReminderSent) == len(
        set(db.session.execute(select(ReminderSent.task_id, ReminderSent.kind)).all())
    )
    reminded = db.session.execute(
        select(Notification.user_id, Notification.link, func.count())
        .where(Notification.subject.startswith("Sắp đến hạn"))
        .group_by(Notification.user_id, Notification.link)
    ).all()
    assert reminded and all(times == 1 for *_, times in reminded)
    assert count(UnitTask) == tasks
