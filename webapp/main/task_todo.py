"""What waits on tasks: the office's overdue tasks, a unit's open tasks and its returned reports."""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import aliased

from webapp.auth.models import User
from webapp.main.todo_kinds import (
    REPORT_LOADS,
    TASK_LOADS,
    Item,
    Kind,
    Moment,
    day_text,
    nothing,
    shortened,
    task_name,
    task_states,
)
from webapp.reports.models import Report, ReportDecision
from webapp.security import scope_to_user
from webapp.tasks import policies as task_policies
from webapp.tasks.models import UnitTask
from webapp.tasks.queries import OVERDUE, TaskFilters, filtered_tasks


def _deadline_words(task: UnitTask, today: date) -> str:
    if task.deadline is None:
        return "Không có hạn"
    days = (task.deadline - today).days
    when = f"Hạn {day_text(task.deadline)}"
    if days < 0:
        return f"{when} · quá hạn {-days} ngày"
    if days == 0:
        return f"{when} · hết hạn hôm nay"
    return f"{when} · còn {days} ngày"


def _is_late(task: UnitTask, today: date) -> bool:
    return task.deadline is not None and task.deadline < today


def _by_deadline(stmt: Select) -> Select:
    return stmt.order_by(UnitTask.deadline.is_(None), UnitTask.deadline, UnitTask.id)


def _overdue(user: User, moment: Moment) -> Select:
    if user.role not in task_policies.ISSUERS:
        return nothing(UnitTask)
    return filtered_tasks(user, TaskFilters(state=OVERDUE, today=moment.today))


OVERDUE_TASKS = Kind(
    "overdue",
    "Nhiệm vụ quá hạn",
    _overdue,
    _by_deadline,
    lambda t, m: Item(
        task_name(t), url_for("tasks.show", task_id=t.id), _deadline_words(t, m.today), late=True
    ),
    TASK_LOADS,
    lambda: url_for("board.tracking", state=OVERDUE),
)


def _own_open_tasks(user: User, _moment: Moment) -> Select:
    states = task_states(user, "start", "report")
    if user.unit_id is None or not states:
        return nothing(UnitTask)
    return scope_to_user(
        select(UnitTask).where(UnitTask.unit_id == user.unit_id, UnitTask.state.in_(states)),
        user,
        UnitTask.unit_id,
    )


OWN_TASKS = Kind(
    "own-tasks",
    "Nhiệm vụ đang thực hiện",
    _own_open_tasks,
    _by_deadline,
    lambda t, m: Item(
        f"Nhiệm vụ {t.assignment.position} văn bản {t.assignment.directive.number_text}: "
        f"{shortened(t.assignment.heading or t.assignment.text)}",
        url_for("tasks.show", task_id=t.id),
        _deadline_words(t, m.today),
        late=_is_late(t, m.today),
    ),
    TASK_LOADS,
    lambda: url_for("tasks.index"),
)


# Built once: making an alias costs more than the rest of the statement.
LATER_REPORT = aliased(Report)


def _returned_reports(user: User, _moment: Moment) -> Select:
    """The unit's reports returned by a leader, on tasks it has not reported on again."""
    states = task_states(user, "report")
    if user.unit_id is None or not states:
        return nothing(Report)
    later = LATER_REPORT
    return scope_to_user(
        select(Report)
        .join(UnitTask, UnitTask.id == Report.task_id)
        .where(
            UnitTask.unit_id == user.unit_id,
            UnitTask.state.in_(states),
            Report.decision == ReportDecision.RETURNED,
            ~exists().where(later.task_id == Report.task_id, later.id > Report.id),
        ),
        user,
        UnitTask.unit_id,
    )


RETURNED_REPORTS = Kind(
    "returned-reports",
    "Báo cáo bị trả lại",
    _returned_reports,
    lambda stmt: stmt.order_by(Report.decided_at.desc(), Report.id.desc()),
    lambda r, m: Item(
        f"Nhiệm vụ {r.task.assignment.position} văn bản {r.task.assignment.directive.number_text}",
        url_for("tasks.show", task_id=r.task_id),
        f"Trả lại {day_text(r.decided_at)}"
        + (f": {r.decision_comment}" if r.decision_comment else ""),
    ),
    REPORT_LOADS,
)
