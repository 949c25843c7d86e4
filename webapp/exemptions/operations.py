"""A unit asks for an exemption on a dossier counted late; the office or a leader decides; the unit
may withdraw a request still waiting. Each step is audited and tells whom it concerns; a decision
recomputes the month's figures (and re-judges the criteria) at once. The caller commits."""

from __future__ import annotations

from sqlalchemy import exists, select

from webapp.audit.operations import record_event, record_security_event
from webapp.auth.models import User
from webapp.database import utcnow
from webapp.events import exemption_decided, exemption_requested, figures_changed
from webapp.exemptions.models import Exemption, ExemptionEvidence
from webapp.exemptions.policies import DECIDERS, REQUESTERS
from webapp.extensions import db
from webapp.reports.evidence import Upload, check_uploads, store
from webapp.security import require_actor
from webapp.stats.figures import lock_figures, recompute_figures
from webapp.stats.models import Dossier
from webapp.text import user_text
from workflows.errors import Conflict, InvalidInput, NotFound
from workflows.machines.exemption import OPEN, Action, Reason, State, guard
from workflows.periods import period_of

TEXT_MAX = 4000
COMMENT_MAX = 2000


def request_exemption(
    actor: User, dossier_code: str, reason: str, text: str, uploads: list[Upload] = ()
) -> Exemption:
    """Ask that one of the unit's late dossiers count on time; every problem is listed."""
    require_actor(actor, REQUESTERS, "Chỉ đơn vị có hồ sơ mới đề nghị miễn trừ.")
    dossier = _own_dossier(actor, (dossier_code or "").strip())
    if dossier.finished_at is None or dossier.finished_at <= dossier.due_at:
        raise InvalidInput(
            f"Hồ sơ {dossier.code} không bị tính quá hạn: không cần đề nghị miễn trừ.",
            [{"field": "dossier_code", "message": "Hồ sơ đã giải quyết đúng hạn hoặc chưa xong."}],
        )
    if _open_request(dossier.code, actor.unit_id):
        raise Conflict(
            f"Hồ sơ {dossier.code} đã có đề nghị miễn trừ đang xem xét hoặc đã chấp nhận."
        )
    problems = []
    if reason not in {item.value for item in Reason}:
        choices = ", ".join(item.value for item in Reason)
        problems.append({"field": "reason", "message": f"Lý do phải là một trong: {choices}."})
    text = user_text(text)
    if not text or len(text) > TEXT_MAX:
        problems.append({"field": "text", "message": f"Giải trình cần từ 1 đến {TEXT_MAX} ký tự."})
    if problems:
        raise InvalidInput("Đề nghị miễn trừ chưa hợp lệ.", problems)
    files = check_uploads(
        list(uploads), "Tệp minh chứng không hợp lệ; đề nghị miễn trừ chưa được gửi."
    )
    exemption = Exemption(
        dossier_code=dossier.code,
        unit_id=dossier.unit_id,
        period=period_of(dossier.finished_at),
        reason=Reason(reason),
        text=text,
        requested_by_id=actor.id,
        due_at=dossier.due_at,
        returned_at=dossier.returned_at,
        finished_at=dossier.finished_at,
    )
    for checked in files:
        exemption.evidence.append(
            ExemptionEvidence(
                file_name=checked.file_name,
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=store(checked),
            )
        )
    db.session.add(exemption)
    db.session.flush()
    record_event(
        actor,
        "exemption",
        exemption.id,
        "request",
        after=_snapshot(exemption),
        comment=text[:200],
    )
    exemption_requested.send(exemption)
    return exemption


def accept_exemption(actor: User, exemption: Exemption, comment: str) -> Exemption:
    """Accept: the dossier counts on time for its unit and month from now on."""
    return _decide(actor, exemption, Action.ACCEPT, comment)


def reject_exemption(actor: User, exemption: Exemption, comment: str) -> Exemption:
    """Reject: the dossier stays late."""
    return _decide(actor, exemption, Action.REJECT, comment)


def withdraw_exemption(actor: User, exemption: Exemption) -> Exemption:
    """The unit takes back a request still waiting."""
    require_actor(actor, REQUESTERS, "Chỉ đơn vị đề nghị mới rút được đề nghị miễn trừ.")
    if actor.unit_id != exemption.unit_id:
        raise NotFound("Không tìm thấy đề nghị miễn trừ.")
    before = _snapshot(exemption)
    exemption.state = guard(exemption.state, Action.WITHDRAW)
    record_event(
        actor, "exemption", exemption.id, "withdraw", before=before, after=_snapshot(exemption)
    )
    return exemption


def _decide(actor: User, exemption: Exemption, action: Action, comment: str) -> Exemption:
    require_actor(actor, DECIDERS, "Chỉ Văn phòng hoặc lãnh đạo được quyết định miễn trừ.")
    comment = user_text(comment)
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(
            f"Ý kiến tối đa {COMMENT_MAX} ký tự.", [{"field": "comment", "message": "Quá dài."}]
        )
    before = _snapshot(exemption)
    exemption.state = guard(exemption.state, action, comment)
    exemption.decided_by_id = actor.id
    exemption.decided_at = utcnow()
    exemption.decision_comment = comment
    exemption.note = ""
    db.session.flush()
    record_event(
        actor,
        "exemption",
        exemption.id,
        action.value,
        before=before,
        after=_snapshot(exemption),
        comment=comment[:200],
    )
    if exemption.state == State.ACCEPTED:
        _recount()
    exemption_decided.send(exemption)
    return exemption


def _recount() -> None:
    """Recompute the figures the decision changes, and judge the criteria on them."""
    lock_figures()
    periods = recompute_figures()
    if periods:
        figures_changed.send("exemptions", periods=periods)


def _own_dossier(actor: User, code: str) -> Dossier:
    dossier = db.session.scalar(
        select(Dossier).where(Dossier.code == code, Dossier.unit_id == actor.unit_id)
    )
    if dossier is not None:
        return dossier
    if db.session.scalar(select(exists().where(Dossier.code == code))):
        record_security_event(
            actor, "dossiers", code[:64], "out_of_scope_access", comment="Hồ sơ của đơn vị khác"
        )
    raise NotFound(f"Không tìm thấy hồ sơ {code[:64]} của đơn vị.")


def _open_request(code: str, unit_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Exemption.dossier_code == code,
                    Exemption.unit_id == unit_id,
                    Exemption.state.in_(OPEN),
                )
            )
        )
    )


def _snapshot(exemption: Exemption) -> dict:
    return {
        "dossier_code": exemption.dossier_code,
        "period": exemption.period,
        "reason": exemption.reason.value,
        "state": exemption.state.value if exemption.state else State.PENDING.value,
        "files": [{"name": e.file_name, "sha256": e.sha256} for e in exemption.evidence],
        "decision_comment": exemption.decision_comment or "",
    }
