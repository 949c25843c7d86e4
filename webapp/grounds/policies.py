"""Who keeps the grounds: the office, and the administrators."""

from __future__ import annotations

from webapp.auth.models import Role

GROUND_KEEPERS = (Role.OFFICE, Role.ADMIN)
