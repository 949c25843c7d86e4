"""Housekeeping jobs."""

from __future__ import annotations

from datetime import timedelta

from webapp.auth import operations as auth_operations
from webapp.extensions import db
from webapp.jobs import job
from webapp.signing import operations as signing_operations


@job
def prune_login_failures(max_age_hours: int = 24) -> int:
    """Delete failed-login records older than max_age_hours; return how many went."""
    removed = auth_operations.prune_login_failures(timedelta(hours=max_age_hours))
    db.session.commit()
    return removed


@job
def prune_verify_attempts(max_age_hours: int = 24) -> int:
    """Delete the records of /verify checks older than max_age_hours; return how many went."""
    removed = signing_operations.prune_verify_attempts(timedelta(hours=max_age_hours))
    db.session.commit()
    return removed
