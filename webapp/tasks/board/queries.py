"""The office's tracking board (letters × units) and the leader's inbox, read in a few queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp.auth.models import User
from webapp.directives.models import Assignment, Directive, DirectiveState
from webapp.directives.queries import scope_directives
from webapp.extensions import db
from webapp.reports.models import Report, ReportDecision
from webapp.security import scope_to_user
from webapp.tasks.compliance import Proposal, proposals
from webapp.tasks.models import ExtensionDecision, ExtensionRequest, UnitTask
from webapp.tasks.queries import OVERDUE, TaskFilters, filtered_tasks, visible_tasks
from webapp.units.models import Unit, by_kind_and_name
from workflows.machines.task import LATE_WHEN_PAST_DEADLINE, State, display_label, is_overdue
from workflows.periods import local_today
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


@dataclass(frozen=True)
class BoardTask:
    """One task in a cell of the board, read as plain values (no ORM object per cell)."""

    id: int
    position: int
    state: State
    deadline: date | None
    label: str  # the tracking words: "Đang triển khai – quá hạn", "Hoàn thành sau hạn", ...
    days_late: int  # days past the deadline of a task still worked on; 0 when not overdue

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def deadline_text(self) -> str:
        """ "Hạn 15/02/2024", with the days late when overdue; "Thường xuyên" without one."""
        if self.deadline is None:
            return "Thường xuyên"
        late = f", trễ {self.days_late} ngày" if self.days_late else ""
        return f"Hạn {self.deadline:%d/%m/%Y}{late}"


@dataclass
class BoardRow:
    unit_id: int
    unit_name: str
    total: int  # the unit's tasks matching the filters, on every letter
    overdue: int
    cells: dict[int, list[BoardTask]] = field(default_factory=dict)  # directive id -> tasks


@dataclass(frozen=True)
class BoardColumn:
    """A letter with a matching task, and its tasks matching the filters over all units."""

    id: int
    number_text: str
    period: str | None
    total: int
    overdue: int


@dataclass(frozen=True)
class StateTotal:
    """One count of the totals row: the matching tasks in a state (or overdue), whatever the
    state filter, and the state filter's value that lists them."""

    value: str  # "" for every state
    label: str
    count: int


@dataclass(frozen=True)
class Board:
    directives: list[BoardColumn]
    rows: list[BoardRow]
    page: int = 1
    pages: int = 1
    first: int = 0  # the position of the page's first unit among all (from 1; 0 when none)
    units: int = 0  # the units with a task matching the filters
    states: list[StateTotal] = field(default_factory=list)
    total: int = 0  # the tasks matching the filters
    overdue: int = 0


def _overdue(today: date):
    """The condition of a task still worked on past its deadline (SQL)."""
    return UnitTask.state.in_(LATE_WHEN_PAST_DEADLINE) & (UnitTask.deadline < today)


def state_totals(user: User, filters: TaskFilters) -> list[StateTotal]:
    """Count the tasks matching every filter but the state, in each state, then the overdue ones
    (two counts over the tasks' state and deadline index)."""
    today = filters.today or local_today()
    matching = filtered_tasks(user, replace(filters, state=""))
    counts = {
        State(state): count
        for state, count in db.session.execute(
            matching.with_only_columns(UnitTask.state, func.count()).group_by(UnitTask.state)
        )
    }
    overdue = db.session.scalar(matching.with_only_columns(func.count()).where(_overdue(today)))
    return [
        StateTotal("", "Tất cả", sum(counts.values())),
        *(StateTotal(state.value, state.label, counts.get(state, 0)) for state in State),
        StateTotal(OVERDUE, "Quá hạn", overdue or 0),
    ]


def _columns(matching, today: date) -> list[BoardColumn]:
    """The letters with a matching task, oldest first, with their matching and overdue tasks."""

    def by_assignment(stmt) -> dict[int, int]:
        stmt = stmt.with_only_columns(UnitTask.assignment_id, func.count())
        return dict(db.session.execute(stmt.group_by(UnitTask.assignment_id)).all())

    counts = by_assignment(matching)
    if not counts:
        return []
    late = by_assignment(matching.where(_overdue(today)))
    letters = db.session.execute(
        select(
            Assignment.id,
            Directive.id,
            Directive.number,
            Directive.symbol,
            Directive.period,
            Directive.letter_date,
        )
        .join(Directive, Directive.id == Assignment.directive_id)
        .where(Assignment.id.in_(list(counts)))
    ).all()
    totals: dict[int, list[int]] = {}
    found = {}
    for assignment_id, directive_id, number, symbol, period, letter_date in letters:
        total = totals.setdefault(directive_id, [0, 0])
        total[0] += counts[assignment_id]
        total[1] += late.get(assignment_id, 0)
        found[directive_id] = (letter_date or date.min, directive_id, number, symbol, period)
    return [
        BoardColumn(
            directive_id,
            f"{number:02d}/{symbol}" if number else "",
            period,
            *totals[directive_id],
        )
        for _date, directive_id, number, symbol, period in sorted(found.values())
    ]


def board(
    user: User,
    filters: TaskFilters,
    page: int,
    per_page: int,
    names: dict[int, str] | None = None,
    order: dict[int, int] | None = None,
) -> Board:
    """Return one page of the board: the letters as columns, units (by name) as rows, each cell
    the unit's tasks with their deadlines; the totals by state, by unit and by letter.

    Every page has the columns of every letter with a matching task. Counts are made by the
    database; only the page's tasks are read, as plain columns, never as objects. `names`
    (unit id: name, e.g. the filter's choices) spares reading the units' names again, and `order`
    (unit id: place, by `units_by_name`) sorting them again."""
    today = filters.today or local_today()
    matching = filtered_tasks(user, filters)
    if names is None:
        names = dict(unit_choices(user))
    unit_ids = db.session.scalars(matching.with_only_columns(UnitTask.unit_id).distinct())
    if order is None:
        order = units_by_name(names)
    units = sorted(((names[unit_id], unit_id) for unit_id in unit_ids), key=lambda u: order[u[1]])
    pages = max(1, -(-len(units) // per_page))
    page = min(max(page, 1), pages)
    shown = units[(page - 1) * per_page : page * per_page]
    rows = {unit_id: BoardRow(unit_id, name, 0, 0) for name, unit_id in shown}
    tasks = (
        matching.with_only_columns(
            UnitTask.id,
            UnitTask.unit_id,
            Assignment.directive_id,
            Assignment.position,
            UnitTask.state,
            UnitTask.deadline,
            UnitTask.completed_late,
        )
        .join(Assignment, Assignment.id == UnitTask.assignment_id)
        .where(UnitTask.unit_id.in_(list(rows)))
        .order_by(UnitTask.deadline.is_(None), UnitTask.deadline, UnitTask.id)
    )
    for task_id, unit_id, directive_id, position, state, deadline, late in db.session.execute(
        tasks
    ):
        days_late = (today - deadline).days if is_overdue(state, deadline, today) else 0
        row = rows[unit_id]
        row.total += 1
        row.overdue += days_late > 0
        row.cells.setdefault(directive_id, []).append(
            BoardTask(
                task_id,
                position,
                State(state),
                deadline,
                display_label(state, deadline, today, late),
                days_late,
            )
        )
    directives = _columns(matching, today)
    first = (page - 1) * per_page + 1 if shown else 0
    return Board(
        directives,
        list(rows.values()),
        page,
        pages,
        first,
        len(units),
        state_totals(user, filters),
        sum(column.total for column in directives),
        sum(column.overdue for column in directives),
    )


def units_by_name(names: dict[int, str]) -> dict[int, int]:
    """Each unit's place on the board: by name in the Vietnamese alphabet, then by id."""
    ordered = sorted(names.items(), key=lambda unit: (vietnamese_key(unit[1]), unit[0]))
    return {unit_id: place for place, (unit_id, _name) in enumerate(ordered)}


def unit_choices(user: User) -> Sequence[tuple[int, str]]:
    """The units the filter offers (id, name), as the units' list orders them."""
    stmt = scope_to_user(select(Unit.id, Unit.name), user, Unit.id).order_by(*by_kind_and_name())
    return db.session.execute(stmt).all()


def directive_choices(user: User) -> list[tuple[int, str]]:
    """The numbered letters the filter offers (id, number), newest first."""
    stmt = scope_directives(
        select(Directive.id, Directive.number, Directive.symbol).where(
            Directive.number.is_not(None)
        ),
        user,
    ).order_by(Directive.created_at.desc(), Directive.id.desc())
    return [(id_, f"{number:02d}/{symbol}") for id_, number, symbol in db.session.execute(stmt)]


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
