"""What a task's hand-offs tell the people who act next: an issued letter its units, a request for
more time the office and the leaders, the decision on it and a confirmation the unit.

Each notification is keyed by its hand-off, so announcing one twice tells nobody twice.
"""

from __future__ import annotations

from webapp.auth.models import Role
from webapp.directives.models import Directive
from webapp.notifications.operations import notify, staff_users, unit_users
from webapp.tasks.models import ExtensionDecision, ExtensionRequest, UnitTask


def task_name(task: UnitTask) -> str:
    """ "nhiệm vụ 2 của văn bản 03/UBND-VP" """
    return f"nhiệm vụ {task.assignment.position} của văn bản {task.directive.number_text}"


def task_link(task: UnitTask) -> str:
    return f"/tasks/{task.id}"


def tell_units_of_issue(directive: Directive, *, tasks: list[UnitTask]) -> None:
    """Tell each unit of an issued letter which of its assignments are its own, with deadlines."""
    by_unit: dict[int, list[UnitTask]] = {}
    for task in tasks:
        by_unit.setdefault(task.unit_id, []).append(task)
    for unit_id, unit_tasks in by_unit.items():
        lines = [
            f"- Nhiệm vụ {t.assignment.position}"
            + (f", hạn {t.deadline:%d/%m/%Y}" if t.deadline else "")
            + (" (phối hợp)" if t.role.value == "support" else "")
            for t in unit_tasks
        ]
        count = f"{len(unit_tasks)} nhiệm vụ" if len(unit_tasks) > 1 else "nhiệm vụ"
        notify(
            unit_users(unit_id),
            f"Văn bản {directive.number_text} giao {count} cho đơn vị: V/v {directive.subject}",
            "\n".join(lines),
            task_link(unit_tasks[0])
            if len(unit_tasks) == 1
            else f"/directives/{directive.id}/unit-report",
            key=f"directive:{directive.id}:issued",
        )


def tell_staff_of_extension_request(request: ExtensionRequest) -> None:
    """Tell the office and the leaders that a unit asks for more time."""
    task = request.task
    notify(
        staff_users(Role.OFFICE, Role.LEADER),
        f"{task.unit.name} xin gia hạn {task_name(task)} đến {request.requested_deadline:%d/%m/%Y}",
        request.reason,
        task_link(task),
        key=f"extension:{request.id}:requested",
    )


def tell_unit_of_extension_decision(request: ExtensionRequest) -> None:
    """Tell the unit whether its deadline moved."""
    task = request.task
    verdict = "đồng ý" if request.decision == ExtensionDecision.GRANTED else "không đồng ý"
    notify(
        unit_users(task.unit_id),
        f"Lãnh đạo {verdict} gia hạn {task_name(task)} đến {request.requested_deadline:%d/%m/%Y}",
        request.decision_comment,
        task_link(task),
        key=f"extension:{request.id}:decided",
    )


def tell_unit_of_confirmation(task: UnitTask, *, comment: str = "") -> None:
    """Tell the unit that the leader confirmed it has complied (đã khắc phục)."""
    notify(
        unit_users(task.unit_id),
        f"Lãnh đạo xác nhận đơn vị đã khắc phục {task_name(task)}",
        comment,
        task_link(task),
        key=f"task:{task.id}:confirmed",
    )
