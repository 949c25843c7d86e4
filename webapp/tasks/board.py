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
from webapp.tasks.queries import TaskFilters, visible_tasks
from workflows.machines.task import display_label, is_overdue

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


def board(user: User, filters: TaskFilters, today: date) -> Board:
    """Return the letters as columns and the units as rows, each cell the unit's tasks."""
    tasks = visible_tasks(user, filters)
    if filters.state == "overdue":
        tasks = [t for t in tasks if is_overdue(t.state, t.deadline, today)]
    directives: dict[int, Directive] = {}
    rows: dict[int, BoardRow] = {}
    for task in tasks:
        directive = task.directive
        directives.setdefault(directive.id, directive)
        row = rows.setdefault(task.unit_id, BoardRow(task.unit.name))
        row.cells.setdefault(directive.id, []).append(task)
    ordered = sorted(directives.values(), key=lambda d: (d.letter_date or date.min, d.id))
    return Board(ordered, sorted(rows.values(), key=lambda r: r.unit_name))


def export_rows(user: User, filters: TaskFilters, today: date) -> list[dict]:
    """Return one plain row per task for the spreadsheet export."""
    rows = []
    for task in visible_tasks(user, filters):
        if filters.state == "overdue" and not is_overdue(task.state, task.deadline, today):
            continue
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
