"""Who may publish a month's results."""

from __future__ import annotations

from webapp.auth.models import Role, User

PUBLISHERS = (Role.OFFICE, Role.ADMIN)


def may_publish(user: User) -> bool:
    """Tell whether the user may publish (or correct) a month's public results."""
    return user.role in PUBLISHERS
