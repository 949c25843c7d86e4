"""Read import runs."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.imports.models import ImportRun
from webapp.security import require_role

IMPORT_ROLES = (Role.OFFICE, Role.ADMIN)
# Leaders see everything, the imports too; they do not import.
READ_ROLES = (*IMPORT_ROLES, Role.LEADER)


def recent_runs(user: User, limit: int = 20) -> list[ImportRun]:
    """Return the latest imports, newest first."""
    require_role(user, *READ_ROLES)
    return list(db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(limit)))


def run_or_404(user: User, run_id: int) -> ImportRun:
    """Return one import run, or 404."""
    require_role(user, *READ_ROLES)
    run = db.session.get(ImportRun, run_id)
    if run is None:
        abort(404)
    return run
