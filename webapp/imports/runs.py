"""A queued import's life: claimed by a job, run at most once, failed with its reason, or queued
again when the job that had it was lost (a worker killed, Redis emptied).

A job claims its run in a transaction of its own (counting an attempt), then imports holding the
run's row: a second job for the same run waits for the first and finds it done.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text, update

from webapp.database import utcnow
from webapp.extensions import db
from webapp.imports.models import ImportRun, ImportStatus
from workflows.errors import Conflict

# A run attempted this many times (its job killed each time) is given up, with its reason.
MAX_ATTEMPTS = 3
# A run younger than this is left to the job it was just given.
REQUEUE_GRACE = timedelta(minutes=1)
GIVEN_UP = (
    "Nhập không thành công sau {attempts} lần thử (tiến trình xử lý bị dừng); "
    "không dữ liệu nào được lưu. Hãy nhập lại tệp."
)


class RunNotQueued(Conflict):
    """The run was imported, refused or given up already."""


def claim_import(run_id: int) -> ImportRun | None:
    """Count an attempt at a queued run and commit; return it, or None when it is not queued."""
    claimed = db.session.execute(
        update(ImportRun)
        .where(ImportRun.id == run_id, ImportRun.status == ImportStatus.QUEUED)
        .values(attempts=ImportRun.attempts + 1)
    ).rowcount
    db.session.commit()
    return db.session.get(ImportRun, run_id) if claimed else None


def hold_queued(run: ImportRun) -> None:
    """Hold the run's row until the transaction ends; raise RunNotQueued when it is no longer queued.

    PostgreSQL locks the row; SQLite takes its one write lock by writing the row.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            select(ImportRun.id).where(ImportRun.id == run.id).with_for_update()
        ).all()
    else:
        db.session.execute(
            text("UPDATE import_runs SET status = status WHERE id = :id"), {"id": run.id}
        )
    db.session.refresh(run)
    if run.status != ImportStatus.QUEUED:
        raise RunNotQueued(f"Lần nhập {run.id} đã xong ({run.status.value}).")


def fail_import(run_id: int, reason: str) -> bool:
    """Mark a queued run failed with its reason (nothing of it was stored); False if not queued."""
    return bool(
        db.session.execute(
            update(ImportRun)
            .where(ImportRun.id == run_id, ImportRun.status == ImportStatus.QUEUED)
            .values(status=ImportStatus.FAILED, note=reason[:255], finished_at=utcnow())
        ).rowcount
    )


def lost_runs(job_is_gone) -> tuple[list[ImportRun], list[ImportRun]]:
    """Return the queued runs whose job is gone: (to queue again, to give up after MAX_ATTEMPTS)."""
    older = utcnow() - REQUEUE_GRACE
    queued = db.session.scalars(
        select(ImportRun)
        .where(ImportRun.status == ImportStatus.QUEUED, ImportRun.created_at < older)
        .order_by(ImportRun.id)
    )
    lost = [run for run in queued if job_is_gone(run.job_id)]
    again = [run for run in lost if run.attempts < MAX_ATTEMPTS]
    given_up = [run for run in lost if run.attempts >= MAX_ATTEMPTS]
    return again, given_up


def give_up(run: ImportRun) -> None:
    """Fail a run attempted too many times."""
    fail_import(run.id, GIVEN_UP.format(attempts=run.attempts))
