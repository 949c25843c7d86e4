"""Keep the grounds: add one, retire or bring back one. Audited; the caller commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.auth.models import User
from webapp.extensions import db
from webapp.grounds.models import Ground
from webapp.grounds.policies import GROUND_KEEPERS
from webapp.security import require_actor
from webapp.signers.models import IssuingBody
from webapp.text import user_text
from workflows.errors import Conflict, InvalidInput
from workflows.letters.grounds import GroundKind

NUMBER_MAX, ISSUER_MAX, TITLE_MAX = 60, 200, 500


def add_ground(
    actor: User, kind: str, number_text: str, issued_on: date | None, issuer: str, title: str
) -> Ground:
    """Keep a new ground of the issuing body; every problem is listed."""
    require_actor(actor, GROUND_KEEPERS, "Chỉ Văn phòng và quản trị hệ thống được quản lý căn cứ.")
    body = db.session.scalar(select(IssuingBody).order_by(IssuingBody.id).limit(1))
    if body is None:
        raise Conflict("Chưa khai báo cơ quan ban hành văn bản.")
    number_text, issuer, title = user_text(number_text), user_text(issuer), user_text(title)
    problems = []
    if kind not in {item.value for item in GroundKind}:
        problems.append({"field": "kind", "message": "Loại văn bản không hợp lệ."})
    if not number_text or len(number_text) > NUMBER_MAX:
        problems.append(
            {"field": "number_text", "message": f"Số, ký hiệu từ 1 đến {NUMBER_MAX} ký tự."}
        )
    if issued_on is None:
        problems.append({"field": "issued_on", "message": "Cần ngày ban hành."})
    if not issuer or len(issuer) > ISSUER_MAX:
        problems.append(
            {"field": "issuer", "message": f"Cơ quan ban hành từ 1 đến {ISSUER_MAX} ký tự."}
        )
    if len(title) > TITLE_MAX:
        problems.append({"field": "title", "message": f"Trích yếu tối đa {TITLE_MAX} ký tự."})
    if problems:
        raise InvalidInput("Căn cứ chưa hợp lệ; chưa lưu.", problems)
    ground = Ground(
        issuing_body_id=body.id,
        kind=GroundKind(kind),
        number_text=number_text,
        issued_on=issued_on,
        issuer=issuer,
        title=title,
    )
    db.session.add(ground)
    db.session.flush()
    record_event(actor, "ground", ground.id, "create", after=_snapshot(ground))
    return ground


def set_ground_active(actor: User, ground: Ground, active: bool) -> Ground:
    """Retire a ground (no longer offered to new drafts) or bring it back."""
    require_actor(actor, GROUND_KEEPERS, "Chỉ Văn phòng và quản trị hệ thống được quản lý căn cứ.")
    before = _snapshot(ground)
    ground.active = active
    record_event(
        actor, "ground", ground.id, "enable" if active else "disable", before=before,
        after=_snapshot(ground),
    )  # fmt: skip
    return ground


def _snapshot(ground: Ground) -> dict:
    return {
        "kind": ground.kind.value,
        "number_text": ground.number_text,
        "issued_on": ground.issued_on.isoformat(),
        "issuer": ground.issuer,
        "title": ground.title,
        "active": ground.active,
    }
