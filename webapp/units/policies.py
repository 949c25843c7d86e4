"""Who may add and change units."""

from __future__ import annotations

from webapp.admin.policies import ADMINISTRATORS
from webapp.auth.models import User

UNIT_MANAGERS = ADMINISTRATORS


def may_manage_units(user: User) -> bool:
    """Tell whether the user may add a unit or change one."""
    return user.role in UNIT_MANAGERS
