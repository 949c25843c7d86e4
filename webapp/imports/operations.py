"""Import one file: check every row, then store it all in one transaction, or store nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.auth.models import User
from webapp.database import utcnow
from webapp.events import figures_changed
from webapp.exemptions.reimport import reopen_changed_decisions
from webapp.extensions import db
from webapp.imports.checking import (
    CheckedFile,
    CheckedRows,
    FileCheck,
    checked_file,
    worth_a_child,
)
from webapp.imports.kinds import complaints, dossiers, unit_stats
from webapp.imports.kinds.complaints import ComplaintChecker
from webapp.imports.kinds.dossiers import DossierChecker
from webapp.imports.kinds.form06 import Form06Checker, Form06Header
from webapp.imports.kinds.unit_stats import UnitStatsChecker
from webapp.imports.kinds.units import UnitChecker, store_units
from webapp.imports.models import ImportKind, ImportOptions, ImportRun, ImportStatus
from webapp.imports.policies import may_import
from webapp.imports.runs import hold_queued
from webapp.imports.staging import chunk_writer, timestamp_suffix, timestamp_writer
from webapp.imports.values import TimeReader
from webapp.stats.dossier_counts import DossierCountChanges
from webapp.stats.figures import lock_figures, recompute_figures
from webapp.units.models import Unit
from webapp.units.names import remember_aliases, unit_names
from workflows.errors import InvalidInput, PermissionDenied

Progress = Callable[[float], None]
NO_OPTIONS = ImportOptions()  # the first sheet whose header is found; each row's own period


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
    options: ImportOptions = NO_OPTIONS,
) -> ImportRun:
    """Check and store one file; raise ImportRejected (with the rejection recorded) on any problem.

    A queued `run` is held until the transaction ends: RunNotQueued when it was done meanwhile;
    its options (sheet, period) are those it was queued with.
    """
    if actor is not None and not may_import(actor):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    if run is not None:
        hold_queued(run)
        options = run.options
    kind = ImportKind(kind)
    checksum = file_checksum(path)
    checked, outcome = check_and_store(kind, path, file_name, options, progress)
    run = run or ImportRun(
        kind=kind,
        user_id=getattr(actor, "id", None),
        file_name=file_name[:255],
        checksum=checksum,
        status=ImportStatus.QUEUED,
        sheet=options.sheet,
        period=options.period,
    )
    problems = checked.problems
    if problems:
        db.session.rollback()
        run = db.session.merge(run)
        run.status, run.problems, run.problem_count = (
            ImportStatus.REJECTED,
            problems.items,
            problems.count,
        )
        run.note, run.finished_at, run.header = checked.note, utcnow(), checked.header
        db.session.add(run)
        db.session.flush()
        raise ImportRejected(run)
    total, added, updated, periods = outcome
    run.status, run.note, run.finished_at = ImportStatus.DONE, checked.note, utcnow()
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


def check_and_store(
    kind: ImportKind,
    path: Path,
    file_name: str,
    options: ImportOptions = NO_OPTIONS,
    progress: Progress | None = None,
) -> tuple[CheckedFile, tuple | None]:
    """Read and check the whole file, storing its rows in the caller's transaction as they come;
    return how it was checked and, when it holds no problem, (rows, added, updated, periods).
    With a problem, what was stored is the caller's to roll back."""
    config = current_app.config
    check = FileCheck(
        kind,
        path,
        file_name,
        config["IMPORT_MAX_BYTES"],
        CHECKERS[kind](options),
        options.sheet,
        options.period,
    )
    in_child = worth_a_child(path, config["IMPORT_PARALLEL_BYTES"])
    with closing(checked_file(check, in_child)) as messages:
        return IMPORTERS[kind](messages, progress or _ignore)


def _ignore(_fraction: float) -> None:
    return None


def _unit_ids() -> dict[str, int]:
    return dict(db.session.execute(select(Unit.code, Unit.id)).all())


def _unit_checker(_options: ImportOptions):
    known = set(_unit_ids())
    return lambda positions, problems: UnitChecker(positions, known, problems)


def _dossier_checker(_options: ImportOptions):
    units, times = _unit_ids(), TimeReader(timestamp_suffix())
    return lambda positions, problems: DossierChecker(positions, units, problems, times)


def _complaint_checker(_options: ImportOptions):
    units, timestamp = _unit_ids(), timestamp_writer()
    return lambda positions, problems: ComplaintChecker(positions, units, problems, timestamp)


def _unit_stats_checker(options: ImportOptions):
    names = unit_names()

    def make(header, problems):
        if isinstance(header, Form06Header):
            return Form06Checker(header.layout, header.period, names, problems)
        return UnitStatsChecker(header, names, problems, options.period)

    return make


# How each kind builds its row checker (with what it needs from the database) for a FileCheck.
CHECKERS = {
    ImportKind.UNITS: _unit_checker,
    ImportKind.DOSSIERS: _dossier_checker,
    ImportKind.COMPLAINTS: _complaint_checker,
    ImportKind.UNIT_STATS: _unit_stats_checker,
}


def _end_of(messages, progress: Progress) -> CheckedFile:
    """Read a file that sends no rows to store (units are kept by its checker)."""
    for message in messages:
        if isinstance(message, CheckedFile):
            return message
        progress(message.fraction)
    raise AssertionError("a file check always ends with CheckedFile")


def _import_units(messages, progress):
    checked = _end_of(messages, progress)
    if checked.problems:
        return checked, None
    added, updated = store_units(checked.summary)
    return checked, (checked.total, added, updated, [])


def _import_dossiers(messages, progress):
    counts = DossierCountChanges()
    return _import_rows(messages, dossiers, "dossiers", progress, counts)


def _import_complaints(messages, progress):
    return _import_rows(messages, complaints, "complaints", progress)


def _import_unit_stats(messages, progress):
    checked, outcome = _import_rows(messages, unit_stats, "reported_figures", progress)
    if outcome is not None:
        remember_aliases(checked.summary.aliases)
    return checked, outcome


def _import_rows(messages, kind, target: str, progress: Progress, counts=None):
    """Store every chunk of checked rows, then recompute the figures when anything changed."""
    lock_figures()
    replacing = counts.subtract_replaced if counts is not None else None
    writer = chunk_writer(target, kind.STAGING, kind.KEY, replacing)
    checked = None
    for message in messages:
        if isinstance(message, CheckedRows):
            writer.write(message.rows)
            progress(message.fraction)
        else:
            checked = message
    if checked.problems:
        return checked, None
    merged = writer.finish()
    if counts is not None:
        counts.add(checked.summary)
        counts.apply()
    if counts is not None and merged.updated:  # dossiers replaced: a decision may rest on old times
        reopen_changed_decisions()
    periods = recompute_figures() if (merged.added or merged.updated) else []
    if periods:
        figures_changed.send("imports", periods=periods)
    return checked, (checked.total, merged.added, merged.updated, periods)


IMPORTERS = {
    ImportKind.UNITS: _import_units,
    ImportKind.DOSSIERS: _import_dossiers,
    ImportKind.COMPLAINTS: _import_complaints,
    ImportKind.UNIT_STATS: _import_unit_stats,
}


def queue_import(
    actor: User,
    kind: ImportKind | str,
    checksum: str,
    file_name: str,
    options: ImportOptions = NO_OPTIONS,
) -> ImportRun:
    """Record an import of a stored upload, to be run by the import job."""
    if not may_import(actor):
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
        sheet=options.sheet,
        period=options.period,
    )
    db.session.add(run)
    db.session.flush()
    return run
