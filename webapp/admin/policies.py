"""Who runs the system: accounts, letter templates, units."""

from __future__ import annotations

from webapp.auth.models import Role

ADMINISTRATORS = (Role.ADMIN,)
