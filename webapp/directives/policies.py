"""Who may do what to a letter: the roles that edit and sign, and the steps a letter's page offers."""

from __future__ import annotations

from webapp.auth.models import Role, User
from webapp.directives.models import Directive
from workflows.machines.directive import Action, allowed_actions

EDITORS = (Role.OFFICE, Role.ADMIN)
SIGNERS = (Role.LEADER,)


def may_draft(user: User) -> bool:
    """Tell whether the user may draft, edit and submit letters."""
    return user.role in EDITORS


def directive_page_actions(user: User, directive: Directive) -> dict[str, bool]:
    """Return, for each step a letter's page offers, whether this user may take it now."""
    allowed = set(allowed_actions(directive.state.value))
    role = user.role
    return {
        "edit": Action.EDIT in allowed and role in EDITORS,
        "submit": Action.SUBMIT in allowed and role in EDITORS,
        "approve": Action.APPROVE in allowed and role in SIGNERS,
        "return": Action.RETURN in allowed and role in SIGNERS,
        "issue": Action.ISSUE in allowed and role in EDITORS,
        "withdraw": Action.WITHDRAW in allowed and role in SIGNERS,
    }
