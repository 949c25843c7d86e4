"""What each role finds on its landing page."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.audit.models import AuditEvent
from webapp.auth.models import Role, User
from webapp.database import by_vietnamese
from webapp.extensions import db
from webapp.signers.models import IssuingBody, Signer
from webapp.units.models import Unit, UnitKind

SECURITY_ACTIONS = (
    "login_failed",
    "login_throttled",
    "login_refused_inactive",
    "out_of_scope_access",
    "csrf_rejected",
)


def overview_for(user: User) -> dict:
    """Return the figures and lists shown on the user's landing page."""
    if user.role == Role.UNIT:
        return {"unit": user.unit, "colleagues": _colleagues(user)}
    context = {
        "unit_counts": _unit_counts(),
        "issuing_body": db.session.scalar(select(IssuingBody).order_by(IssuingBody.id)),
        "signers": list(
            db.session.scalars(
                select(Signer).where(Signer.active).order_by(by_vietnamese(Signer.full_name))
            )
        ),
    }
    if user.role == Role.LEADER:
        context["own_signer"] = user.signer
    if user.role == Role.ADMIN:
        context["user_counts"] = dict(
            db.session.execute(select(User.role, func.count()).group_by(User.role)).all()
        )
        context["security_events"] = list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action.in_(SECURITY_ACTIONS))
                .order_by(AuditEvent.id.desc())
                .limit(10)
            )
        )
    return context


def _unit_counts() -> list[tuple[UnitKind, int]]:
    counts = dict(db.session.execute(select(Unit.kind, func.count()).group_by(Unit.kind)).all())
    return [(kind, counts.get(kind, 0)) for kind in UnitKind]


def _colleagues(user: User) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.unit_id == user.unit_id, User.active)
            .order_by(by_vietnamese(User.display_name))
        )
    )
