"""The office's tracking board (letters × units) and the leader's inbox, read in a few queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.auth.models import User
from webapp.directives.models import Directive, DirectiveState
from webapp.extensions import db
from webapp.reports.models import Report, ReportDecision
from webapp.tasks.compliance import Proposal, proposals
from webapp.tasks.models import ExtensionDecision, ExtensionRequest, UnitTask
from webapp.tasks.queries import TaskFilters, filtered_tasks, loaded_by_deadline, visible_tasks
from webapp.units.models import Unit
from workflows.machines.task import display_label
from workflows.vietnamese_order import vietnamese_key

EXPORT_COLUMNS = (
    ("number", "Số, ký hiệu"),
    ("subject", "Trích yếu"),
    ("period", "Kỳ số liệu"),
    ("assignment", "Nhiệm vụ"),
    ("text", "Nội dung"),
    ("unit", "Đơn vị"),
    ("role", "Vai trò"),
    ("deadline", "Hạn"),
    ("state", "Trạng thái"),
    ("check", "Đánh giá theo số liệu"),
)
EXPORT_WIDTHS = (16, 40, 10, 9, 50, 30, 10, 12, 24, 40)


@dataclass
class BoardRow:
    unit_name: str
    cells: dict[int, list[UnitTask]] = field(default_factory=dict)  # directive id -> tasks


@dataclass(frozen=True)
class Board:
    directives: list[Directive]
    rows: list[BoardRow]
    page: int = 1
    pages: int = 1
    first: int = 0  # the position of the page's first unit among all (from 1; 0 when none)
    units: int = 0  # the units with a task matching the filters


def board(user: User, filters: TaskFilters, page: int, per_page: int) -> Board:
    """Return one page of the board: the letters as columns, units (by name) as rows, each cell
    the unit's tasks. Every page has the columns of every letter with a matching task."""
    matching = filtered_tasks(user, filters)
    units = sorted(
        db.session.execute(
            select(Unit.id, Unit.name).where(
                Unit.id.in_(matching.with_only_columns(UnitTask.unit_id))
            )
        ).all(),
        key=lambda unit: (vietnamese_key(unit.name), unit.id),
    )
    pages = max(1, -(-len(units) // per_page))
    page = min(max(page, 1), pages)
    shown = units[(page - 1) * per_page : page * per_page]
    rows = {unit.id: BoardRow(unit.name) for unit in shown}
    for task in loaded_by_deadline(matching.where(UnitTask.unit_id.in_(list(rows)))):
        rows[task.unit_id].cells.setdefault(task.assignment.directive_id, []).append(task)
    directives = sorted(
        db.session.scalars(
            select(Directive).where(Directive.id.in_(matching.with_only_columns(Directive.id)))
        ),
        key=lambda d: (d.letter_date or date.min, d.id),
    )
    first = (page - 1) * per_page + 1 if shown else 0
    return Board(directives, list(rows.values()), page, pages, first, len(units))


def export_rows(user: User, filters: TaskFilters, today: date) -> list[dict]:
    """Return one plain row per task for the spreadsheet export: by deadline, the units of one
    deadline in Vietnamese order."""
    rows = []
    tasks = sorted(
        visible_tasks(user, filters),
        key=lambda task: (
            task.deadline is None,
            task.deadline or date.min,
            vietnamese_key(task.unit.name),
            task.id,
        ),
    )
    for task in tasks:
        directive = task.directive
        check = task.checks[-1] if task.checks else None
        rows.append(
            {
                "number": directive.number_text,
                "subject": directive.subject,
                "period": directive.period,
                "assignment": task.assignment.position,
                "text": task.assignment.text,
                "unit": task.unit.name,
                "role": "Chủ trì" if task.role.value == "lead" else "Phối hợp",
                "deadline": task.deadline.strftime("%d/%m/%Y") if task.deadline else "",
                "state": display_label(task.state, task.deadline, today, task.completed_late),
                "check": f"{check.period}: {check.text}" if check else "",
            }
        )
    return rows


@dataclass(frozen=True)
class Inbox:
    to_sign: list[Directive]
    reports: list[Report]
    extensions: list[ExtensionRequest]
    to_confirm: list[Proposal]
    to_follow_up: list[Proposal]

    @property
    def count(self) -> int:
        return sum(
            map(
                len,
                (self.to_sign, self.reports, self.extensions, self.to_confirm, self.to_follow_up),
            )
        )


def inbox(user: User) -> Inbox:
    """Return what waits for a leader: letters to sign, reports and requests to decide, units
    whose figures call for confirmation or a follow-up."""
    to_sign = list(
        db.session.scalars(
            select(Directive)
            .where(Directive.state == DirectiveState.SUBMITTED)
            .order_by(Directive.submitted_at)
        )
    )
    reports = list(
        db.session.scalars(
            select(Report)
            .where(Report.decision == ReportDecision.PENDING)
            .options(selectinload(Report.task).selectinload(UnitTask.unit))
            .order_by(Report.submitted_at)
        )
    )
    extensions = list(
        db.session.scalars(
            select(ExtensionRequest)
            .where(ExtensionRequest.decision == ExtensionDecision.PENDING)
            .order_by(ExtensionRequest.requested_at)
        )
    )
    to_confirm, to_follow_up = proposals(visible_tasks(user, TaskFilters(open_only=True)))
    return Inbox(to_sign, reports, extensions, to_confirm, to_follow_up)
