"""Reading the signers: the list the administrator keeps their certificates from, and one signer."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.signers.models import Signer
from workflows.vietnamese_order import vietnamese_key


def listed_signers() -> list[Signer]:
    """Every signer, the active ones first, each group in Vietnamese order of name."""
    stmt = select(Signer).options(selectinload(Signer.user), selectinload(Signer.issuing_body))
    signers = db.session.scalars(stmt).all()
    return sorted(signers, key=lambda signer: (not signer.active, vietnamese_key(signer.full_name)))


def signer_or_404(signer_id: int) -> Signer:
    signer = db.session.get(Signer, signer_id)
    if signer is None:
        abort(404)
    return signer


def certificate_standing(signer: Signer, now: datetime, warning_days: int) -> str:
    """Where a signer's certificate stands: "none", "expired", "expiring" (within the warning
    days, when it is to be renewed) or "valid"."""
    if not signer.certificate_file or signer.certificate_expires_at is None:
        return "none"
    if signer.certificate_expires_at <= now:
        return "expired"
    if signer.certificate_expires_at < now + timedelta(days=warning_days):
        return "expiring"
    return "valid"
