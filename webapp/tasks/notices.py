"""What an issued letter tells the units it gives work to."""

from __future__ import annotations

from webapp.directives.models import Directive
from webapp.notifications.operations import notify, unit_users
from webapp.tasks.models import UnitTask


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
        notify(
            unit_users(unit_id),
            f"Văn bản {directive.number_text} giao nhiệm vụ cho đơn vị",
            f"V/v {directive.subject}\n" + "\n".join(lines),
            f"/tasks/{unit_tasks[0].id}" if len(unit_tasks) == 1 else "/tasks",
        )
