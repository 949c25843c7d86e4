"""Import one file: check every row, then store it all in one transaction, or store nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.auth.models import Role, User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.imports.columns import match_header
from webapp.imports.kinds import Problems, complaints, dossiers, unit_stats
from webapp.imports.kinds.complaints import ComplaintChecker
from webapp.imports.kinds.dossiers import DossierChecker
from webapp.imports.kinds.unit_stats import UnitStatsChecker
from webapp.imports.kinds.units import UnitChecker
from webapp.imports.models import ImportKind, ImportRun, ImportStatus
from webapp.imports.reading import FileRejected, Table, open_table
from webapp.imports.staging import RowWriter, row_writer, timestamp_suffix, timestamp_writer
from webapp.imports.values import TimeReader
from webapp.stats.figures import recompute_figures
from webapp.tasks.compliance import evaluate_criteria
from webapp.units.models import Unit
from workflows.errors import InvalidInput, PermissionDenied

Progress = Callable[[float], None]
PROGRESS_EVERY = 20_000


class ImportRejected(InvalidInput):
    """The file broke the contract; nothing of it was stored."""

    def __init__(self, run: ImportRun) -> None:
        shown = len(run.problems or [])
        more = f" (liệt kê {shown} lỗi đầu tiên)" if shown < run.problem_count else ""
        super().__init__(
            f"Tệp “{run.file_name}” có {run.problem_count} lỗi{more}; không dữ liệu nào được lưu.",
            run.problems or [],
        )
        self.run = run


def file_checksum(path: Path) -> str:
    """Return the SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def import_file(
    actor: User | None,
    kind: ImportKind | str,
    path: Path,
    file_name: str,
    progress: Progress | None = None,
    run: ImportRun | None = None,
) -> ImportRun:
    """Check and store one file; raise ImportRejected (with the rejection recorded) on any problem."""
    if actor is not None and actor.role not in (Role.OFFICE, Role.ADMIN):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    kind = ImportKind(kind)
    problems = Problems(file_name)
    checksum = file_checksum(path)
    note = ""
    outcome = None
    try:
        with open_table(path, current_app.config["IMPORT_MAX_BYTES"]) as table:
            note = table.note
            positions, header_problems = match_header(kind, table.header)
            for problem in header_problems:
                problems.add(
                    problem["row"], problem["column"], problem["value"], problem["message"]
                )
            if not problems:
                outcome = IMPORTERS[kind](table, positions, problems, progress or _ignore)
    except FileRejected as rejected:
        problems.add(0, rejected.column, rejected.value, rejected.message)

    run = run or ImportRun(
        kind=kind,
        user_id=getattr(actor, "id", None),
        file_name=file_name[:255],
        checksum=checksum,
        status=ImportStatus.QUEUED,
    )
    if problems:
        db.session.rollback()
        run = db.session.merge(run)
        run.status, run.problems, run.problem_count = (
            ImportStatus.REJECTED,
            problems.items,
            problems.count,
        )
        run.note, run.finished_at = note, utcnow()
        db.session.add(run)
        db.session.flush()
        raise ImportRejected(run)
    total, added, updated, periods = outcome
    run.status, run.note, run.finished_at = ImportStatus.DONE, note, utcnow()
    run.rows_total, run.rows_added, run.rows_updated, run.periods = total, added, updated, periods
    db.session.add(run)
    db.session.flush()
    record_event(
        actor,
        "import_run",
        run.id,
        "import",
        after={
            "kind": kind.value,
            "file": file_name,
            "checksum": checksum,
            "rows": total,
            "added": added,
            "updated": updated,
        },
    )
    if progress:
        progress(1.0)
    return run


def _ignore(_fraction: float) -> None:
    return None


def _unit_ids() -> dict[str, int]:
    return dict(db.session.execute(select(Unit.code, Unit.id)).all())


def _feed(
    table: Table, checker, writer: RowWriter | None, problems: Problems, progress: Progress
) -> int:
    total = 0
    for number, cells in table.rows:
        total += 1
        row = checker.check(number, cells)
        if row is not None and writer is not None and not problems:
            writer.add(row)
        if total % PROGRESS_EVERY == 0:
            progress(table.fraction())
    if total == 0:
        problems.add(1, "", "", "tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào")
    return total


def _import_units(table, positions, problems, progress):
    checker = UnitChecker(positions, set(_unit_ids()), problems)
    total = _feed(table, checker, None, problems, progress)
    checker.finish()
    if problems:
        return None
    added, updated = checker.store()
    return total, added, updated, []


def _import_dossiers(table, positions, problems, progress):
    checker = DossierChecker(positions, _unit_ids(), problems, TimeReader(timestamp_suffix()))
    return _import_rows(table, checker, dossiers, "dossiers", problems, progress)


def _import_complaints(table, positions, problems, progress):
    checker = ComplaintChecker(positions, _unit_ids(), problems, timestamp_writer())
    return _import_rows(table, checker, complaints, "complaints", problems, progress)


def _import_unit_stats(table, positions, problems, progress):
    checker = UnitStatsChecker(positions, _unit_ids(), problems)
    return _import_rows(table, checker, unit_stats, "reported_figures", problems, progress)


def _import_rows(table, checker, kind, target: str, problems: Problems, progress: Progress):
    """Check and write every row, then recompute the figures when anything changed."""
    writer = row_writer(target, kind.STAGING, kind.KEY)
    total = _feed(table, checker, writer, problems, progress)
    if problems:
        return None
    counts = writer.finish()
    periods = recompute_figures() if (counts.added or counts.updated) else []
    if periods:
        evaluate_criteria(periods)
    return total, counts.added, counts.updated, periods


IMPORTERS = {
    ImportKind.UNITS: _import_units,
    ImportKind.DOSSIERS: _import_dossiers,
    ImportKind.COMPLAINTS: _import_complaints,
    ImportKind.UNIT_STATS: _import_unit_stats,
}


def queue_import(actor: User, kind: ImportKind | str, checksum: str, file_name: str) -> ImportRun:
    """Record an import of a stored upload, to be run by the import job."""
    if actor.role not in (Role.OFFICE, Role.ADMIN):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    try:
        kind = ImportKind(kind)
    except ValueError:
        raise InvalidInput(
            "Loại dữ liệu không hợp lệ.",
            [
                {
                    "field": "kind",
                    "message": "Chọn một trong: units, dossiers, unit_stats, complaints.",
                }
            ],
        ) from None
    run = ImportRun(
        kind=kind,
        user_id=actor.id,
        file_name=file_name,
        checksum=checksum,
        status=ImportStatus.QUEUED,
    )
    db.session.add(run)
    db.session.flush()
    return run


def submit_import(actor: User, kind: str, file) -> ImportRun:
    """Store an upload, record it, and hand it to the import job (run at once without Redis).

    Commits before enqueuing, so the worker finds the record.
    """
    from webapp.imports.uploads import store_upload
    from workflows.jobs.imports import run_import
    from workflows.queue import enqueue

    if actor.role not in (Role.OFFICE, Role.ADMIN):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    checksum, file_name = store_upload(file)
    run = queue_import(actor, kind, checksum, file_name)
    db.session.commit()
    handle = enqueue(run_import, run.id, timeout=3600)
    if handle.queued:
        run.job_id = handle.id
        db.session.commit()
    return db.session.get(ImportRun, run.id)


def import_progress(run: ImportRun) -> float | None:
    """Return how far a queued import has got (0 to 1), when its worker says so."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    from workflows.queue import redis_connection

    if run.status != ImportStatus.QUEUED:
        return 1.0
    connection = redis_connection()
    if not run.job_id or connection is None:
        return None
    try:
        return Job.fetch(run.job_id, connection=connection).meta.get("progress")
    except NoSuchJobError:
        return None
