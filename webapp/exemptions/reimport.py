"""A later import of a disputed dossier: the decision stays, unless the dossier's own dates changed.

A decision was taken on the dossier's times as they stood; when an import brings other times, an
accepted or rejected request goes back to pending, with a note saying what changed, for the office
to decide again. Called by the dossiers import before it recomputes the figures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.exemptions.models import Exemption
from webapp.extensions import db
from webapp.formatting import local_time
from webapp.stats.models import Dossier
from workflows.machines.exemption import Action, State, guard

TIMES = (("due_at", "hẹn trả"), ("returned_at", "trả kết quả"), ("finished_at", "kết thúc"))


def reopen_changed_decisions() -> list[Exemption]:
    """Send back to pending every decided request whose dossier's times changed; return them."""
    decided = db.session.execute(
        select(Exemption, Dossier)
        .join(Dossier, Dossier.code == Exemption.dossier_code)
        .where(Exemption.state.in_((State.ACCEPTED, State.REJECTED)))
    ).all()
    reopened = []
    for exemption, dossier in decided:
        changes = [
            f"{label}: {_shown(getattr(exemption, name))} → {_shown(getattr(dossier, name))}"
            for name, label in TIMES
            if not _same(getattr(exemption, name), getattr(dossier, name))
        ]
        if not changes:
            continue
        before = exemption.state.value
        exemption.state = guard(exemption.state, Action.REOPEN)
        exemption.note = "Hồ sơ được nhập lại với thời điểm khác (" + "; ".join(changes) + ")."
        for name, _label in TIMES:
            setattr(exemption, name, getattr(dossier, name))
        record_event(
            None,
            "exemption",
            exemption.id,
            "reopen",
            before={"state": before},
            after={"state": exemption.state.value, "note": exemption.note},
            actor_name="Nhập số liệu",
        )
        reopened.append(exemption)
    return reopened


def _same(first: datetime | None, second: datetime | None) -> bool:
    if first is None or second is None:
        return first is second
    return first == second


def _shown(moment: datetime | None) -> str:
    return local_time(moment) or "trống"
