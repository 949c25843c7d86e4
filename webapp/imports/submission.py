"""Hand an upload to the import job, and follow the job's progress."""

from __future__ import annotations

import re

from rq.exceptions import NoSuchJobError
from rq.job import Job

from webapp.auth.models import User
from webapp.extensions import db
from webapp.imports.models import ImportOptions, ImportRun, ImportStatus
from webapp.imports.operations import NO_OPTIONS, file_checksum, queue_import
from webapp.imports.policies import may_import
from webapp.imports.preview import Preview, figures_version, preview_import
from webapp.imports.uploads import store_upload, stored_upload
from webapp.jobs import queue
from webapp.jobs.imports import run_import
from webapp.jobs.queue import UNREACHABLE, redis_connection
from workflows.errors import Conflict, PermissionDenied

SHA256 = re.compile(r"[0-9a-f]{64}")


def submit_import(actor: User, kind: str, file, options: ImportOptions = NO_OPTIONS) -> ImportRun:
    """Store an upload, record it, and hand it to the import job (run at once without Redis).

    Commits before enqueuing, so the worker finds the record.
    """
    if not may_import(actor):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    checksum, file_name = store_upload(file)
    return start_import(actor, kind, checksum, file_name, options)


def start_import(
    actor: User, kind: str, checksum: str, file_name: str, options: ImportOptions = NO_OPTIONS
) -> ImportRun:
    """Record the import of a stored upload and hand it to the import job (commits)."""
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


def preview_upload(actor: User, kind: str, file, options: ImportOptions = NO_OPTIONS) -> Preview:
    """Store an upload and say what importing it would change; nothing of it is imported."""
    if not may_import(actor):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    checksum, file_name = store_upload(file)
    return preview_import(actor, kind, stored_upload(checksum), file_name, options)


def import_previewed(
    actor: User,
    kind: str,
    checksum: str,
    file_name: str,
    options: ImportOptions,
    version: int,
) -> ImportRun:
    """Import the upload a preview showed, as it showed it: the same bytes (by their SHA-256)
    onto the same figures (their version); refused when either changed since."""
    if not may_import(actor):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    path = stored_upload(checksum) if SHA256.fullmatch(checksum or "") else None
    if path is None or not path.exists() or file_checksum(path) != checksum:
        raise Conflict(
            "Không còn tệp đã xem trước (hoặc tệp đã đổi): hãy tải tệp lên và xem trước lại."
        )
    if figures_version() != version:
        raise Conflict(
            "Số liệu đã thay đổi từ lúc xem trước (có lần nhập hoặc chỉnh sửa khác): "
            "hãy xem trước lại để thấy đúng những gì sẽ thay đổi."
        )
    return start_import(actor, kind, checksum, file_name, options)
