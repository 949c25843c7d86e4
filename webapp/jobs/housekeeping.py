"""Housekeeping jobs."""

from __future__ import annotations

from datetime import timedelta

from webapp.jobs import job


@job
def prune_login_failures(max_age_hours: int = 24) -> int:
    """Delete failed-login records older than max_age_hours; return how many went."""
    from webapp.auth.operations import prune_login_failures as prune
    from webapp.extensions import db

    removed = prune(timedelta(hours=max_age_hours))
    db.session.commit()
    return removed


@job
def prune_verify_attempts(max_age_hours: int = 24) -> int:
    """Delete the records of /verify checks older than max_age_hours; return how many went."""
    from webapp.extensions import db
    from webapp.signing.operations import prune_verify_attempts as prune

    removed = prune(timedelta(hours=max_age_hours))
    db.session.commit()
    return removed
