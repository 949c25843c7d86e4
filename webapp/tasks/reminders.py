"""Send the reminders of the tasks being worked on: each one once, however often this runs."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from webapp.audit.operations import record_event
from webapp.auth.models import Role
from webapp.directives.models import Assignment, Directive, DirectiveState
from webapp.extensions import db
from webapp.notifications.models import ReminderSent
from webapp.notifications.operations import notify, staff_users, unit_users
from webapp.tasks.models import UnitTask
from webapp.tasks.queries import TASK_ENTITY
from workflows.machines.task import WORKING
from workflows.rules.reminders import (
    BEFORE,
    DUE,
    ESCALATION,
    Reminder,
    ReminderPolicy,
    due_reminders,
)


def reminder_policy() -> ReminderPolicy:
    config = current_app.config
    return ReminderPolicy(
        days_before=int(config["REMINDER_DAYS_BEFORE"]),
        repeat_every=int(config["REMINDER_REPEAT_DAYS"]),
        grace_days=int(config["ESCALATION_GRACE_DAYS"]),
    )


def send_due_reminders(today: date) -> int:
    """Send every reminder due today, and any a missed day left; return how many (no commit).

    A reminder is recorded with its task, kind and day under a unique key before it is told:
    a run that dies before committing leaves nothing behind and the next one sends it; a second
    run, or two at once, finds it recorded and sends nothing.
    """
    policy = reminder_policy()
    stmt = (
        select(UnitTask)
        .join(Assignment, Assignment.id == UnitTask.assignment_id)
        .join(Directive, Directive.id == Assignment.directive_id)
        .where(
            UnitTask.state.in_(WORKING),
            UnitTask.deadline.is_not(None),
            UnitTask.deadline <= today + timedelta(days=policy.days_before),
            Directive.state == DirectiveState.ISSUED,
        )
        .options(selectinload(UnitTask.unit))
        .order_by(UnitTask.id)
    )
    sent = 0
    for task in db.session.scalars(stmt).all():
        for reminder in due_reminders(task.deadline, today, policy):
            if _record(task, reminder):
                _tell(task, reminder, today)
                sent += 1
    return sent


def _record(task: UnitTask, reminder: Reminder) -> bool:
    """Record a reminder; tell whether this run is the one to send it."""
    try:
        with db.session.begin_nested():
            db.session.add(ReminderSent(task_id=task.id, kind=reminder.kind, slot=reminder.slot))
    except IntegrityError:
        return False
    return True


def _tell(task: UnitTask, reminder: Reminder, today: date) -> None:
    letter = task.directive.number_text
    what = f"nhiệm vụ {task.assignment.position} của văn bản {letter}"
    deadline = f"{task.deadline:%d/%m/%Y}"
    late = (today - task.deadline).days
    if reminder.kind == BEFORE:
        users, subject = unit_users(task.unit_id), f"Sắp đến hạn {what} ({deadline})"
    elif reminder.kind == DUE:
        users, subject = unit_users(task.unit_id), f"Hôm nay là hạn {what}"
    elif reminder.kind == ESCALATION:
        users = staff_users(Role.OFFICE, Role.LEADER)
        subject = f"{task.unit.name} quá hạn {late} ngày {what} (hạn {deadline})"
    else:
        users, subject = unit_users(task.unit_id), f"Quá hạn {late} ngày {what} (hạn {deadline})"
    notify(users, subject, task.assignment.text[:500], f"/tasks/{task.id}")
    record_event(
        None,
        TASK_ENTITY,
        task.id,
        "remind",
        after={"state": task.state.value, "kind": reminder.kind, "slot": reminder.slot.isoformat()},
        comment=subject,
        actor_name="hệ thống",
    )
