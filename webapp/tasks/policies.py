"""Who may take which step on a unit task, as its page offers them."""

from __future__ import annotations

from webapp.auth.models import Role, User
from webapp.reports.models import Report
from webapp.tasks.models import ExtensionRequest, UnitTask
from workflows.machines import task as machine


def task_page_actions(
    user: User,
    task: UnitTask,
    pending_report: Report | None,
    pending_extension: ExtensionRequest | None,
) -> dict[str, bool]:
    """Return, for each step the task's page offers, whether this user may take it now."""
    role = user.role
    allowed = set(machine.allowed_actions(task.state))
    own = role == Role.UNIT and user.unit_id == task.unit_id
    return {
        "start": own and machine.Action.START in allowed,
        "report": own and machine.Action.REPORT in allowed,
        "extend": own
        and machine.Action.REQUEST_EXTENSION in allowed
        and pending_extension is None
        and task.extensions_granted < machine.MAX_EXTENSIONS,
        "decide_report": role == Role.LEADER and pending_report is not None,
        "comment_report": role in (Role.OFFICE, Role.ADMIN) and pending_report is not None,
        "decide_extension": role == Role.LEADER and pending_extension is not None,
        "confirm": role == Role.LEADER and machine.Action.CONFIRM in allowed,
    }
