"""Hand an upload to the import job, and follow the job's progress."""

from __future__ import annotations

from rq.exceptions import NoSuchJobError
from rq.job import Job

from webapp.auth.models import User
from webapp.extensions import db
from webapp.imports.models import ImportOptions, ImportRun, ImportStatus
from webapp.imports.operations import NO_OPTIONS, queue_import
from webapp.imports.policies import may_import
from webapp.imports.uploads import store_upload
from webapp.jobs import queue
from webapp.jobs.imports import run_import
from webapp.jobs.queue import UNREACHABLE, redis_connection
from workflows.errors import PermissionDenied


def submit_import(actor: User, kind: str, file, options: ImportOptions = NO_OPTIONS) -> ImportRun:
    """Store an upload, record it, and hand it to the import job (run at once without Redis).

    Commits before enqueuing, so the worker finds the record.
    """
    if not may_import(actor):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    checksum, file_name = store_upload(file)
    run = queue_import(actor, kind, checksum, file_name, options)
    db.session.commit()
    handle = queue.enqueue(run_import, run.id, timeout=3600)
    if handle.queued:
        run.job_id = handle.id
        db.session.commit()
    return db.session.get(ImportRun, run.id)


def import_progress(run: ImportRun) -> float | None:
    """Return how far a queued import has got (0 to 1), when its worker says so."""
    if run.status != ImportStatus.QUEUED:
        return 1.0
    connection = redis_connection()
    if not run.job_id or connection is None:
        return None
    try:
        return Job.fetch(run.job_id, connection=connection).meta.get("progress")
    except (NoSuchJobError, *UNREACHABLE):
        return None
