"""Admit a check of a PDF at /verify, at most VERIFY_MAX_PER_ADDRESS per address within
VERIFY_WINDOW_MINUTES, and prune the record of old checks; the caller commits."""

from __future__ import annotations

import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from webapp.database import utcnow
from webapp.extensions import db
from webapp.signing.models import VerifyAttempt
from workflows.errors import DomainError


class VerifyThrottled(DomainError):
    """An address has had its share of checks; retry_after says in how many seconds it may again."""

    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def admit_verification(address: str) -> None:
    """Record a check for the address, or raise VerifyThrottled when it has had its share."""
    # The caller commits at once, before the check itself, so that every process counts it.
    # Requests that count before any of them is committed all pass: at most one per server
    # thread beyond the limit, each bounded by the time budget.
    config = current_app.config
    window = timedelta(minutes=config["VERIFY_WINDOW_MINUTES"])
    now = utcnow()
    count, oldest = db.session.execute(
        select(func.count(), func.min(VerifyAttempt.attempted_at)).where(
            VerifyAttempt.address == address, VerifyAttempt.attempted_at >= now - window
        )
    ).one()
    if count >= config["VERIFY_MAX_PER_ADDRESS"]:
        retry_after = max(1, math.ceil((oldest + window - now).total_seconds()))
        raise VerifyThrottled(
            f"Đã kiểm tra quá nhiều tệp từ địa chỉ này trong {config['VERIFY_WINDOW_MINUTES']} "
            f"phút. Vui lòng thử lại sau {math.ceil(retry_after / 60)} phút.",
            retry_after,
        )
    db.session.add(VerifyAttempt(address=address, attempted_at=now))


def prune_verify_attempts(older_than: timedelta) -> int:
    """Delete the records of checks older than the given age; return how many went."""
    result = db.session.execute(
        delete(VerifyAttempt).where(VerifyAttempt.attempted_at < utcnow() - older_than)
    )
    return result.rowcount or 0
