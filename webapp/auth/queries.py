"""Read accounts: those the login throttle has closed for now."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, func, or_, select

from webapp.auth.models import LoginFailure, User


def failures_since(now: datetime) -> datetime:
    """The start of the window in which failed logins count (as the login throttle reads it)."""
    return now - timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])


def locked_accounts(now: datetime) -> Select:
    """The accounts the login throttle refuses now, at least from the addresses that failed:
    too many failures from one address for the account, or too many for it overall
    (the limits `_refuse_when_throttled` in `operations.py` applies), as rows of
    (user, failures, last failure)."""
    config = current_app.config
    recent = LoginFailure.failed_at >= failures_since(now)
    by_pair = (
        select(LoginFailure.username, func.count().label("failures"))
        .where(recent)
        .group_by(LoginFailure.username, LoginFailure.address)
        .subquery()
    )
    pairs_closed = select(by_pair.c.username).where(
        by_pair.c.failures >= config["LOGIN_MAX_FAILURES"]
    )
    per_account = (
        select(
            LoginFailure.username,
            func.count().label("failures"),
            func.max(LoginFailure.failed_at).label("last_failure"),
        )
        .where(recent)
        .group_by(LoginFailure.username)
        .subquery()
    )
    return (
        select(User, per_account.c.failures, per_account.c.last_failure)
        .join(per_account, per_account.c.username == User.username)
        .where(
            or_(
                User.username.in_(pairs_closed),
                per_account.c.failures >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
            )
        )
    )
