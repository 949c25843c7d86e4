"""Who may import figures and who may read the imports."""

from __future__ import annotations

from webapp.auth.models import Role, User

IMPORT_ROLES = (Role.OFFICE, Role.ADMIN)
# Leaders see everything, the imports too; they do not import.
READ_ROLES = (*IMPORT_ROLES, Role.LEADER)


def may_import(user: User) -> bool:
    """Tell whether the user may upload a file of figures."""
    return user.role in IMPORT_ROLES
