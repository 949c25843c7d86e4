"""Read import runs."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from webapp.auth.models import User
from webapp.extensions import db
from webapp.imports.models import ImportRun
from webapp.imports.policies import READ_ROLES
from webapp.security import require_role


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
