"""What a request for exemption tells the people who act next: the office and the leaders when a
unit asks, the unit when it is decided."""

from __future__ import annotations

from webapp.auth.models import Role
from webapp.exemptions.models import Exemption
from webapp.notifications.operations import notify, staff_users, unit_users
from workflows.machines.exemption import State


def tell_staff_of_request(exemption: Exemption) -> None:
    """Tell the office and the leaders that a unit disputes a late dossier."""
    notify(
        staff_users(Role.OFFICE, Role.LEADER),
        f"{exemption.unit.name} đề nghị miễn trừ hồ sơ {exemption.dossier_code} "
        f"(tháng {exemption.period[5:]}/{exemption.period[:4]})",
        exemption.text[:500],
        f"/exemptions/{exemption.id}",
        key=f"exemption:{exemption.id}:requested",
    )


def tell_unit_of_decision(exemption: Exemption) -> None:
    """Tell the unit whether the dossier now counts on time."""
    verdict = (
        "được chấp nhận: hồ sơ được tính là đúng hạn"
        if exemption.state == State.ACCEPTED
        else "không được chấp nhận"
    )
    notify(
        unit_users(exemption.unit_id),
        f"Đề nghị miễn trừ hồ sơ {exemption.dossier_code} {verdict}",
        exemption.decision_comment,
        f"/exemptions/{exemption.id}",
        # A request sent back by a re-import is decided anew: each decision is told once.
        key=f"exemption:{exemption.id}:decided:"
        + (exemption.decided_at.isoformat() if exemption.decided_at else ""),
    )
