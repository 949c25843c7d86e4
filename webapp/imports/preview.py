"""Preview an import: read and check the whole file and store it in a savepoint, see what it
changed, then roll the savepoint back. Nothing of the file is kept; an audit event says it was
previewed.

The preview says what the import would change: rows new, updated and unchanged; each unit-month
whose figures change (before → after); findings that would appear or disappear; tasks whose
criterion verdict would change; and where a report and dossiers meet, which source wins. It
carries the figures' version: the import that follows stores exactly what was shown, or is
refused when another change came in between."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from webapp.audit.models import AuditEvent
from webapp.audit.operations import record_event
from webapp.auth.models import User
from webapp.directives.models import Assignment
from webapp.extensions import db
from webapp.imports.checking import CheckedFile
from webapp.imports.models import ImportKind, ImportOptions
from webapp.imports.operations import NO_OPTIONS, check_and_store, file_checksum
from webapp.imports.policies import may_import
from webapp.security import SYSTEM_OFFICE
from webapp.stats.models import FIGURE_FIELDS, FiguresSource, UnitPeriodFigures
from webapp.stats.queries import findings_for
from webapp.stats.rendered import DATA_ENTITIES
from webapp.tasks.models import CriterionCheck, UnitTask
from webapp.units.models import Unit
from workflows.errors import InvalidInput, PermissionDenied
from workflows.rules.findings import RULE_LABELS, Rule

# How many changed unit-months a preview lists; the rest are counted.
SHOWN = 200


@dataclass(frozen=True)
class UnitMonth:
    unit_code: str
    unit_name: str
    period: str


@dataclass(frozen=True)
class FigureChange:
    """A unit-month whose figures change: each figure before and after (None: no row)."""

    where: UnitMonth
    before: dict[str, int] | None
    after: dict[str, int] | None

    @property
    def changed(self) -> list[str]:
        """The figures that differ."""
        before, after = self.before or {}, self.after or {}
        return [name for name in FIGURE_FIELDS if before.get(name) != after.get(name)]


@dataclass(frozen=True)
class FindingChange:
    where: UnitMonth
    rule: str  # its label
    appears: bool  # True: would appear; False: would disappear


@dataclass(frozen=True)
class VerdictChange:
    task_id: int
    letter: str  # the letter's number, or "dự thảo"
    position: int
    where: UnitMonth
    before: bool | None  # None: not judged, or nothing to judge
    after: bool | None


@dataclass(frozen=True)
class SourceNote:
    """Where a report and dossiers meet on a unit-month: which source the figures follow."""

    where: UnitMonth
    text: str


@dataclass
class Preview:
    kind: ImportKind
    file_name: str
    checksum: str
    options: ImportOptions
    # The figures' version the preview was made on: the import must find the same.
    version: int
    checked: CheckedFile
    rows_total: int = 0
    rows_added: int = 0
    rows_updated: int = 0
    periods: list[str] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    figures_count: int = 0  # all the unit-months that change, when more than SHOWN
    findings: list[FindingChange] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)
    sources: list[SourceNote] = field(default_factory=list)

    @property
    def problems(self):
        return self.checked.problems

    @property
    def rows_unchanged(self) -> int:
        return self.rows_total - self.rows_added - self.rows_updated


class PreviewRejected(InvalidInput):
    """The file previewed holds problems: it would be refused whole (nothing was stored)."""

    def __init__(self, preview: Preview) -> None:
        problems = preview.problems
        shown = len(problems.items)
        more = f" (liệt kê {shown} lỗi đầu tiên)" if shown < problems.count else ""
        super().__init__(
            f"Tệp “{preview.file_name}” có {problems.count} lỗi{more}: sẽ không nhập được.",
            problems.items,
        )


class _Figures(NamedTuple):
    """A unit-month's figures, the source they follow, and whether a report was set aside."""

    values: dict[str, int]
    source: FiguresSource
    report_overridden: bool


@dataclass(frozen=True)
class _State:
    """The figures, findings and verdicts of some months, at one moment."""

    figures: dict[tuple[int, str], _Figures]  # by (unit id, period)
    findings: set[tuple[str, str, str]]  # (period, unit code, rule)
    verdicts: dict[tuple[int, str], bool | None]

    def values(self, key: tuple[int, str]) -> dict[str, int] | None:
        """A unit-month's figures, None when it has no row."""
        row = self.figures.get(key)
        return row.values if row else None


def figures_version() -> int:
    """The latest change of the figures or units (its audit event), 0 before any."""
    stmt = select(func.max(AuditEvent.id)).where(AuditEvent.entity.in_(DATA_ENTITIES))
    return db.session.scalar(stmt) or 0


def _state(periods: list[str]) -> _State:
    rows = db.session.scalars(
        select(UnitPeriodFigures).where(UnitPeriodFigures.period.in_(periods))
    ).all()
    figures = {
        (row.unit_id, row.period): _Figures(
            {name: getattr(row, name) for name in FIGURE_FIELDS},
            row.source,
            row.report_overridden,
        )
        for row in rows
    }
    findings = {
        (finding.period, finding.unit_code, finding.rule.value)
        for period in periods
        for finding in findings_for(SYSTEM_OFFICE, period)
    }
    checks = db.session.execute(
        select(CriterionCheck.task_id, CriterionCheck.period, CriterionCheck.met).where(
            CriterionCheck.period.in_(periods)
        )
    ).all()
    return _State(figures, findings, {(task, period): met for task, period, met in checks})


def preview_import(
    actor: User | None,
    kind: ImportKind | str,
    path: Path,
    file_name: str,
    options: ImportOptions = NO_OPTIONS,
) -> Preview:
    """Check the file whole and say what importing it would change; store nothing of it."""
    if actor is not None and not may_import(actor):
        raise PermissionDenied("Chỉ Văn phòng và quản trị hệ thống được nhập số liệu.")
    kind = ImportKind(kind)
    version = figures_version()
    savepoint = db.session.begin_nested()
    try:
        checked, outcome = check_and_store(kind, path, file_name, options)
        after = _state(outcome[3]) if outcome else None
    finally:
        savepoint.rollback()
    preview = Preview(kind, file_name, file_checksum(path), options, version, checked)
    if outcome is not None:
        total, added, updated, periods = outcome
        preview.rows_total, preview.rows_added, preview.rows_updated = total, added, updated
        preview.periods = periods
        _compare(preview, _state(periods), after)
    record_event(
        actor,
        "import_preview",
        preview.checksum,
        "preview",
        after={
            "kind": kind.value,
            "file": file_name,
            "rows": preview.rows_total,
            "problems": checked.problems.count,
        },
    )
    return preview


def _units(ids: set[int], codes: set[str]) -> tuple[dict[int, tuple[str, str]], dict[str, str]]:
    """The units named by id or code: (code, name) by id, and name by code; one query."""
    if not ids and not codes:
        return {}, {}
    rows = db.session.execute(
        select(Unit.id, Unit.code, Unit.name).where(or_(Unit.id.in_(ids), Unit.code.in_(codes)))
    ).all()
    return {id_: (code, name) for id_, code, name in rows}, {code: name for _i, code, name in rows}


def _compare(preview: Preview, before: _State, after: _State) -> None:
    keys = before.figures.keys() | after.figures.keys()
    changed = sorted(key for key in keys if before.values(key) != after.values(key))
    # Where the source changes, or a report comes in that the month's dossiers set aside.
    switched = sorted(
        key
        for key, now in after.figures.items()
        if (key in before.figures and before.figures[key][1:] != now[1:])
        or (key not in before.figures and now.report_overridden)
    )
    found = before.findings ^ after.findings
    by_id, by_code = _units(
        {unit_id for unit_id, _period in changed + switched}, {code for _p, code, _r in found}
    )

    def where(unit_id: int, period: str) -> UnitMonth:
        code, name = by_id[unit_id]
        return UnitMonth(code, name, period)

    preview.figures_count = len(changed)
    preview.figures = [
        FigureChange(where(*key), before.values(key), after.values(key)) for key in changed[:SHOWN]
    ]
    preview.findings = sorted(
        (
            FindingChange(
                UnitMonth(code, by_code.get(code, code), period),
                RULE_LABELS[Rule(rule)],
                (period, code, rule) in after.findings,
            )
            for period, code, rule in found
        ),
        key=lambda change: (change.where.period, change.where.unit_name, change.rule),
    )
    preview.sources = [
        _source_note(where(*key), before.figures.get(key), after.figures[key]) for key in switched
    ]
    preview.verdicts = _verdict_changes(before.verdicts, after.verdicts)


def _source_note(where: UnitMonth, before: _Figures | None, after: _Figures) -> SourceNote:
    if after.source == FiguresSource.DOSSIERS and after.report_overridden:
        return SourceNote(
            where,
            "Đã có hồ sơ của đơn vị trong tháng: số liệu vẫn tính từ hồ sơ, "
            "số liệu báo cáo chỉ được lưu kèm.",
        )
    if before is not None and before.source == FiguresSource.REPORT:
        return SourceNote(where, "Số liệu tính từ hồ sơ sẽ thay cho số liệu báo cáo của tháng.")
    return SourceNote(where, "Số liệu của tháng sẽ lấy theo báo cáo.")


def _verdict_changes(
    before: dict[tuple[int, str], bool | None], after: dict[tuple[int, str], bool | None]
) -> list[VerdictChange]:
    # A task judged for the first time with nothing to judge it on is no change worth telling.
    keys = sorted(
        key
        for key in after
        if (key in before and before[key] != after[key])
        or (key not in before and after[key] is not None)
    )
    if not keys:
        return []
    tasks = {
        task.id: task
        for task in db.session.scalars(
            select(UnitTask)
            .where(UnitTask.id.in_({task_id for task_id, _period in keys}))
            .options(
                selectinload(UnitTask.unit),
                selectinload(UnitTask.assignment).selectinload(Assignment.directive),
            )
        )
    }
    return [
        VerdictChange(
            task_id,
            tasks[task_id].directive.number_text or "dự thảo",
            tasks[task_id].assignment.position,
            UnitMonth(tasks[task_id].unit.code, tasks[task_id].unit.name, period),
            before.get((task_id, period)),
            after[(task_id, period)],
        )
        for task_id, period in keys
    ]
