"""Read requests for exemption within the caller's scope (a unit sees its own)."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.auth.models import User
from webapp.exemptions.models import Exemption, ExemptionEvidence
from webapp.extensions import db
from webapp.security import load_visible_or_404, scope_to_user
from webapp.stats.models import Dossier
from webapp.units.models import Unit
from workflows.machines.exemption import Reason, State

LISTED_AT_MOST = 500


def exemption_or_404(user: User, exemption_id: int) -> Exemption:
    return load_visible_or_404(user, Exemption, Exemption.unit_id, Exemption.id == exemption_id)


def visible_exemptions(
    user: User, period: str | None = None, state: str | None = None
) -> list[Exemption]:
    """The requests the user may see, newest first, for one month and one state when given."""
    stmt = select(Exemption).order_by(Exemption.id.desc()).limit(LISTED_AT_MOST)
    if period:
        stmt = stmt.where(Exemption.period == period)
    if state in {item.value for item in State}:
        stmt = stmt.where(Exemption.state == State(state))
    return list(db.session.scalars(scope_to_user(stmt, user, Exemption.unit_id)))


def evidence_of(exemption: Exemption, evidence_id: int) -> ExemptionEvidence | None:
    return next((item for item in exemption.evidence if item.id == evidence_id), None)


def own_dossier_or_404(user: User, code: str) -> Dossier:
    """A dossier of the user's unit (the staff see any), for the request form."""
    return load_visible_or_404(user, Dossier, Dossier.unit_id, Dossier.code == code)


def software_error_requests(period: str) -> dict[str, int]:
    """{unit code: dossiers} of the requests still waiting that blame a software error, for the
    month they are about."""
    stmt = (
        select(Unit.code, func.count())
        .join(Exemption, Exemption.unit_id == Unit.id)
        .where(
            Exemption.period == period,
            Exemption.state == State.PENDING,
            Exemption.reason == Reason.SOFTWARE_ERROR,
        )
        .group_by(Unit.code)
    )
    return dict(db.session.execute(stmt).all())
