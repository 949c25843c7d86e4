"""Read unit tasks within the caller's scope: a unit sees its own tasks only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.directives.models import Assignment, Directive
from webapp.extensions import db
from webapp.reports.models import Report
from webapp.security import load_visible_or_404, scope_to_user
from webapp.tasks.models import UnitTask
from workflows.machines.task import LATE_WHEN_PAST_DEADLINE, OPEN
from workflows.periods import local_today

TASK_ENTITY = "unit_task"


OVERDUE = "overdue"  # not a state: a task still being worked on, past its deadline


@dataclass(frozen=True)
class TaskFilters:
    state: str = ""  # a task state, or OVERDUE
    unit_id: int | None = None
    directive_id: int | None = None
    period: str = ""
    open_only: bool = False
    today: date | None = None  # the day OVERDUE is judged on


def filtered_tasks(user: User, filters: TaskFilters = TaskFilters()) -> Select:
    """Return the statement of the tasks the user may see, filtered (no loading, no order).

    It selects from the tasks alone (the letter's filters are subqueries), so that counts over
    it read only the tasks' indexes; a caller that needs the assignment or the letter joins it."""
    stmt = scope_to_user(select(UnitTask), user, UnitTask.unit_id)
    if filters.state == OVERDUE:
        stmt = stmt.where(UnitTask.state.in_(LATE_WHEN_PAST_DEADLINE))
        stmt = stmt.where(UnitTask.deadline < (filters.today or local_today()))
    elif filters.state:
        stmt = stmt.where(UnitTask.state == filters.state)
    if filters.open_only:
        stmt = stmt.where(UnitTask.state.in_(OPEN))
    if filters.unit_id:
        stmt = stmt.where(UnitTask.unit_id == filters.unit_id)
    if filters.directive_id or filters.period:
        assignments = select(Assignment.id).join(Directive, Directive.id == Assignment.directive_id)
        if filters.directive_id:
            assignments = assignments.where(Directive.id == filters.directive_id)
        if filters.period:
            assignments = assignments.where(Directive.period == filters.period)
        stmt = stmt.where(UnitTask.assignment_id.in_(assignments))
    return stmt


def loaded_by_deadline(stmt: Select, checks: bool = True) -> list[UnitTask]:
    """Run a task statement, with what lists of tasks show loaded, by deadline."""
    loads = [
        selectinload(UnitTask.unit),
        selectinload(UnitTask.assignment).selectinload(Assignment.directive),
    ]
    if checks:  # the board, the inbox and the export read each task's latest check
        loads.append(selectinload(UnitTask.checks))
    stmt = stmt.options(*loads).order_by(
        UnitTask.deadline.is_(None), UnitTask.deadline, UnitTask.id
    )
    return list(db.session.scalars(stmt))


def visible_tasks(
    user: User, filters: TaskFilters = TaskFilters(), checks: bool = True
) -> list[UnitTask]:
    """Return the tasks the user may see, by deadline, optionally filtered (with each task's
    criterion checks unless `checks` is false: the task list does not show them)."""
    return loaded_by_deadline(filtered_tasks(user, filters), checks)


def task_or_404(user: User, task_id: int) -> UnitTask:
    """Return one task the user may see; 404 for a missing task or another unit's."""
    return load_visible_or_404(user, UnitTask, UnitTask.unit_id, UnitTask.id == task_id)


def report_or_404(user: User, report_id: int) -> Report:
    """Return one report the user may see (through its task's unit); 404 otherwise."""
    stmt = select(Report).join(UnitTask, UnitTask.id == Report.task_id)
    stmt = scope_to_user(stmt.where(Report.id == report_id), user, UnitTask.unit_id)
    report = db.session.scalar(stmt)
    if report is None:
        # The same answer, and the same audit entry, as for a task out of scope.
        task_id = db.session.scalar(select(Report.task_id).where(Report.id == report_id))
        task_or_404(user, task_id or 0)
        return db.session.get(Report, report_id)
    return report


def reports_of(task: UnitTask) -> list[Report]:
    """Return a task's reports, oldest first, with their evidence."""
    stmt = (
        select(Report)
        .where(Report.task_id == task.id)
        .options(selectinload(Report.evidence), selectinload(Report.author))
        .order_by(Report.id)
    )
    return list(db.session.scalars(stmt))


def timeline_of(task: UnitTask) -> list[AuditEvent]:
    """Return every step of a task, oldest first (the caller has already been let see it)."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == TASK_ENTITY, AuditEvent.entity_id == str(task.id))
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    return list(db.session.scalars(stmt))
