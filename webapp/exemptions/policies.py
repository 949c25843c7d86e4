"""Who asks for an exemption, who decides on it, who sees it."""

from __future__ import annotations

from webapp.auth.models import Role, User
from webapp.exemptions.models import Exemption
from workflows.machines.exemption import State

# A unit asks about its own dossiers; the office or a leader decides.
REQUESTERS = (Role.UNIT,)
DECIDERS = (Role.OFFICE, Role.LEADER)


def may_request(user: User) -> bool:
    return user.role in REQUESTERS


def exemption_page_actions(user: User, exemption: Exemption) -> dict[str, bool]:
    """The steps the exemption's page offers this user."""
    pending = exemption.state == State.PENDING
    return {
        "decide": pending and user.role in DECIDERS,
        "withdraw": pending and user.role in REQUESTERS and user.unit_id == exemption.unit_id,
    }
