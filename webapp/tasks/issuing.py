"""Issue a signed letter to its units (one task per assignment and unit) or withdraw it."""

from __future__ import annotations

from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.auth.models import User
from webapp.database import utcnow
from webapp.directives.models import Assignment, Directive, DirectiveState
from webapp.events import directive_issued
from webapp.extensions import db
from webapp.notifications.operations import notify, unit_users
from webapp.security import require_actor
from webapp.tasks.models import UnitTask
from webapp.tasks.policies import ISSUERS, WITHDRAWERS
from webapp.tasks.queries import TASK_ENTITY
from webapp.text import user_text
from workflows.machines import directive as directive_machine
from workflows.machines import task as task_machine


def issue_directive(actor: User, directive: Directive) -> list[UnitTask]:
    """Send a signed letter to its units: create each unit's tasks and tell the units (no commit)."""
    require_actor(actor, ISSUERS, "Chỉ Văn phòng được ban hành văn bản đã ký.")
    before = directive.state
    target = directive_machine.guard(directive.state, directive_machine.Action.ISSUE)
    tasks = []
    for assignment in directive.assignments:
        for link in assignment.unit_links:
            tasks.append(
                UnitTask(
                    assignment=assignment,
                    unit_id=link.unit_id,
                    role=link.role,
                    state=task_machine.State.NOT_STARTED,
                    deadline=assignment.deadline,
                )
            )
    db.session.add_all(tasks)
    directive.state = DirectiveState(target)
    directive.issued_at = utcnow()
    db.session.flush()
    for task in tasks:
        record_event(
            actor,
            TASK_ENTITY,
            task.id,
            "create",
            after={"state": task.state.value, "unit": task.unit.code, "role": task.role.value},
            comment=f"Giao theo văn bản {directive.number_text}, nhiệm vụ {task.assignment.position}",
        )
    record_event(
        actor,
        "directive",
        directive.id,
        "issue",
        before={"state": DirectiveState(before).value},
        after={"state": directive.state.value, "tasks": len(tasks)},
    )
    directive_issued.send(directive, tasks=tasks)
    return tasks


def planned_tasks(directive: Directive) -> tuple[int, int]:
    """How many tasks issuing the letter would create, and for how many units (reads only)."""
    units = [link.unit_id for a in directive.assignments for link in a.unit_links]
    return len(units), len(set(units))


def open_tasks_of(directive: Directive) -> tuple[int, int]:
    """How many of the letter's tasks are still open, and of how many units (reads only)."""
    tasks = _open_tasks(directive)
    return len(tasks), len({task.unit_id for task in tasks})


def withdraw_directive(actor: User, directive: Directive, reason: str) -> Directive:
    """Withdraw a letter (thu hồi) with its reason; its open tasks are withdrawn with it."""
    require_actor(actor, WITHDRAWERS, "Chỉ lãnh đạo được thu hồi văn bản.")
    before = directive.state
    reason = user_text(reason)
    target = directive_machine.guard(directive.state, directive_machine.Action.WITHDRAW, reason)
    directive.state = DirectiveState(target)
    for task in _open_tasks(directive):
        previous = task.state
        task.state = task_machine.guard(task.state, task_machine.Action.WITHDRAW, reason)
        record_event(
            actor,
            TASK_ENTITY,
            task.id,
            "withdraw",
            before={"state": previous.value},
            after={"state": task.state.value},
            comment=reason,
        )
        notify(
            unit_users(task.unit_id),
            f"Văn bản {directive.number_text} đã bị thu hồi",
            reason,
            f"/tasks/{task.id}",
            key=f"task:{task.id}:withdrawn",
        )
    record_event(
        actor,
        "directive",
        directive.id,
        "withdraw",
        before={"state": DirectiveState(before).value},
        after={"state": directive.state.value},
        comment=reason,
    )
    return directive


def close_if_done(actor: User, directive: Directive) -> bool:
    """Close an issued letter whose every task is confirmed or withdrawn; tell whether it closed."""
    if directive.state != DirectiveState.ISSUED or _open_tasks(directive):
        return False
    directive.state = DirectiveState(
        directive_machine.guard(directive.state, directive_machine.Action.CLOSE)
    )
    record_event(
        actor,
        "directive",
        directive.id,
        "close",
        before={"state": DirectiveState.ISSUED.value},
        after={"state": directive.state.value},
        comment="Mọi nhiệm vụ đã được xác nhận khắc phục.",
    )
    return True


def _open_tasks(directive: Directive) -> list[UnitTask]:
    stmt = (
        select(UnitTask)
        .join(Assignment, Assignment.id == UnitTask.assignment_id)
        .where(Assignment.directive_id == directive.id, UnitTask.state.in_(task_machine.OPEN))
    )
    return list(db.session.scalars(stmt))
