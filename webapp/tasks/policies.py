"""Who may take which step on a unit task, as its page offers them."""

from __future__ import annotations

from webapp.auth.models import Role, User
from webapp.reports import policies as report_policies
from webapp.reports.models import Report
from webapp.tasks.models import ExtensionRequest, UnitTask
from workflows.machines import task as machine

# Who issues a signed letter (its tasks are created), who withdraws one, and who decides on a
# unit's extension request and confirms its compliance.
ISSUERS = (Role.OFFICE, Role.ADMIN)
WITHDRAWERS = (Role.LEADER,)
DECIDERS = (Role.LEADER,)


def may_issue(user: User) -> bool:
    """Tell whether the user issues signed letters (the letters list offers to issue several)."""
    return user.role in ISSUERS


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
        "decide_report": role in report_policies.DECIDERS and pending_report is not None,
        "comment_report": role in report_policies.REVIEWERS and pending_report is not None,
        "decide_extension": role in DECIDERS and pending_extension is not None,
        "confirm": role in DECIDERS and machine.Action.CONFIRM in allowed,
    }
