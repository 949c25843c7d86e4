"""Draft, edit, submit, sign and return directive letters; the caller commits."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask import current_app
from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.auth.models import Role, User
from webapp.database import utcnow
from webapp.directives.editing import apply_changes, clean_changes, snapshot
from webapp.directives.history import directed_before
from webapp.directives.models import (
    Assignment,
    AssignmentUnit,
    Directive,
    DirectiveState,
    LetterKind,
    UnitRole,
)
from webapp.directives.numbering import take_number
from webapp.directives.policies import EDITORS
from webapp.documents.render import builtin_version
from webapp.exemptions.queries import software_error_requests
from webapp.extensions import db
from webapp.grounds.queries import active_grounds
from webapp.jobs import queue
from webapp.jobs.rendering import RENDER_JOB, render_directive
from webapp.security import require_actor
from webapp.signers.models import IssuingBody, Signer
from webapp.stats.models import FIGURE_FIELDS
from webapp.stats.queries import city_trend, findings_for, inter_unit_delays, unit_months
from webapp.text import user_text
from webapp.units.models import Unit, by_kind_and_name
from workflows.errors import Conflict, InvalidInput, PermissionDenied
from workflows.letters.draft_types import DraftRequest, EarlierLetter, LetterDraft, UnitInfo
from workflows.letters.drafting import SERIES_MONTHS, draft_letter
from workflows.letters.naming import in_letter_order, letter_place
from workflows.machines.directive import Action, guard
from workflows.periods import local_today, parse_period, period_label
from workflows.rules.figures import MonthFigures
from workflows.rules.findings import Finding

log = logging.getLogger(__name__)

DRAFTING_ROLES = EDITORS
SIGNING_ROLES = (Role.LEADER,)
DRAFTING_UNIT = "VP"
COMMENT_MAX = 2000
# Letters a reminder or a criticism may follow up on.
FOLLOWED_KINDS = (LetterKind.DIRECTIVE, LetterKind.REMINDER, LetterKind.CRITICISM)
NUMBERED_STATES = (DirectiveState.SIGNED, DirectiveState.ISSUED, DirectiveState.CLOSED)
LEVELS = ("thành phố", "thị xã", "quận", "huyện", "tỉnh")


def draft_directive(actor: User, period: str, kind: str = "directive") -> Directive:
    """Draft a letter of this kind from the period's findings, as the office would write it."""
    require_actor(actor, DRAFTING_ROLES, "Chỉ Văn phòng được soạn văn bản.")
    period = checked_period(period)
    kind = _kind(kind)
    body = issuing_body()
    figures = period_figures(actor, period)
    units = all_units()
    request = letter_request(
        body,
        kind,
        period,
        findings_for(actor, period),
        units,
        figures=figures,
        city=city_trend(actor, period, SERIES_MONTHS),
    )
    directive = new_directive(actor, body, kind, period, draft_letter(request), units)
    db.session.flush()
    record_event(actor, "directive", directive.id, "draft", after=snapshot(directive))
    return directive


def issuing_body() -> IssuingBody:
    """Return the body that issues the letters, or refuse when none is declared."""
    body = db.session.scalar(select(IssuingBody).order_by(IssuingBody.id).limit(1))
    if body is None:
        raise Conflict(
            "Chưa khai báo cơ quan ban hành văn bản; hãy nhờ quản trị hệ thống khai báo."
        )
    return body


def letter_request(
    body: IssuingBody,
    kind: LetterKind,
    period: str,
    findings: Sequence[Finding],
    units: Sequence[Unit],
    **figures,
) -> DraftRequest:
    """Return what drafting a letter of this kind needs: findings, units, dates, the configuration."""
    config = current_app.config
    infos = [UnitInfo(u.code, u.name, u.kind.value) for u in units]
    return DraftRequest(
        kind=kind.value,
        period=period,
        findings=in_letter_order(findings, infos),
        units=infos,
        drafted_on=local_today(),
        deadline_days=int(config["DIRECTIVE_DEADLINE_DAYS"]),
        grounds=[ground.citation() for ground in active_grounds(body.id)],
        earlier=_earlier_letter(body, period) if kind != LetterKind.NOTICE else None,
        directed_before=directed_before(body, period),
        delays=inter_unit_delays(period),
        software_errors=software_error_requests(period),
        it_support_code=config["IT_SUPPORT_UNIT_CODE"],
        flag_at=int(config["REPEAT_FLAG_AT"]),
        level=issuer_level(body.name),
        **figures,
    )


def new_directive(
    actor: User,
    body: IssuingBody,
    kind: LetterKind,
    period: str,
    letter: LetterDraft,
    units: Sequence[Unit],
) -> Directive:
    """Return a new draft holding a drafted letter's content, added to the session."""
    signer = default_signer(body)
    directive = Directive(
        kind=kind,
        state=DirectiveState.DRAFT,
        issuing_body_id=body.id,
        period=period,
        signer_id=signer.id if signer else None,
        drafting_unit=DRAFTING_UNIT,
        symbol=body.symbol,
        ground_ids=[ground.id for ground in active_grounds(body.id)],
        created_by_id=actor.id,
    )
    _fill(directive, letter, {unit.code: unit for unit in units})
    db.session.add(directive)
    return directive


def update_draft(actor: User, directive: Directive, changes: dict) -> Directive:
    """Change a draft's content (only a draft or a returned one); every problem is listed."""
    require_actor(actor, DRAFTING_ROLES, "Chỉ Văn phòng được sửa dự thảo.")
    guard(directive.state, Action.EDIT)
    cleaned = clean_changes(directive, changes)
    before = snapshot(directive)
    apply_changes(directive, cleaned)
    record_event(
        actor, "directive", directive.id, "update", before=before, after=snapshot(directive)
    )
    return directive


def submit_directive(actor: User, directive: Directive) -> Directive:
    """Submit a draft to the leader for signing."""
    require_actor(actor, DRAFTING_ROLES, "Chỉ Văn phòng được trình ký văn bản.")
    before = directive.state
    target = DirectiveState(guard(directive.state, Action.SUBMIT))
    if not directive.addressees:
        raise InvalidInput(
            "Văn bản chưa có nơi nhận (Kính gửi), chưa thể trình ký.",
            [{"field": "addressees", "message": "Cần ít nhất một nơi nhận."}],
        )
    directive.state = target
    directive.submitted_at = utcnow()
    _record_step(actor, directive, "submit", before)
    return directive


def approve_directive(actor: User, directive: Directive) -> Directive:
    """Sign a submitted letter as the leader: take its number, date it today, freeze its template."""
    require_actor(actor, SIGNING_ROLES, "Chỉ lãnh đạo được ký duyệt văn bản.")
    signer = _own_signer(actor, directive)
    before = directive.state
    target = DirectiveState(guard(directive.state, Action.APPROVE))
    directive.signer = signer
    directive.letter_date = local_today()
    take_number(directive)
    directive.signed_at = utcnow()
    directive.signed_by_id = actor.id
    directive.template_version = builtin_version(directive.kind.value)
    directive.state = target
    _record_step(
        actor,
        directive,
        "approve",
        before,
        number=directive.number_text,
        letter_date=directive.letter_date.isoformat(),
        signer_id=signer.id,
        template_version=directive.template_version,
    )
    return directive


def return_directive(actor: User, directive: Directive, comment: str) -> Directive:
    """Send a submitted letter back to the office with the leader's comment."""
    require_actor(actor, SIGNING_ROLES, "Chỉ lãnh đạo được trả lại văn bản.")
    comment = user_text(comment)
    if not comment or len(comment) > COMMENT_MAX:
        raise InvalidInput(
            "Cần ghi ý kiến khi trả lại văn bản.",
            [{"field": "comment", "message": f"Ý kiến phải có từ 1 đến {COMMENT_MAX} ký tự."}],
        )
    before = directive.state
    directive.state = DirectiveState(guard(directive.state, Action.RETURN, reason=comment))
    directive.return_comment = comment
    _record_step(actor, directive, "return", before, comment=comment)
    return directive


def after_signing(directive: Directive) -> None:
    """Enqueue the signed letter's rendering, once the signing is committed."""
    try:
        queue.enqueue(render_directive, directive.id, job_id=RENDER_JOB.format(directive.id))
    except Exception:
        # The letter is signed and numbered already; the recovery sweep renders its files.
        log.exception("rendering of directive %s could not be started", directive.id)


def issuer_level(name: str) -> str:
    """Return "thành phố" for "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA" (the body's administrative level)."""
    rest = name.strip().lower().removeprefix("ủy ban nhân dân").strip()
    for level in LEVELS:
        if rest.startswith(level):
            return level
    return LEVELS[0]


def checked_period(value: str) -> str:
    """Return a period "YYYY-MM", or refuse it with a message naming the field."""
    try:
        return parse_period(value)
    except ValueError as exc:
        message = str(exc)
        raise InvalidInput(
            "Kỳ số liệu không hợp lệ.",
            [{"field": "period", "message": message[:1].upper() + message[1:]}],
        ) from None


def _kind(value: str) -> LetterKind:
    drafted = [k.value for k in LetterKind if k != LetterKind.APOLOGY]
    if value not in drafted:
        raise InvalidInput(
            "Loại văn bản này không soạn được từ số liệu.",
            [{"field": "kind", "message": "Phải là một trong: " + ", ".join(drafted) + "."}],
        )
    return LetterKind(value)


def all_units() -> list[Unit]:
    """Return every unit, ordered by kind and name."""
    return list(db.session.scalars(select(Unit).order_by(*by_kind_and_name())))


def period_figures(actor: User, period: str) -> list[MonthFigures]:
    """Return the period's figures per unit in the order letters list units (departments first,
    then wards and communes in Vietnamese order of their names); refuse a month without any."""
    items = [item for item in unit_months(actor, period) if item.figures is not None]
    items.sort(
        key=lambda item: letter_place(
            UnitInfo(item.unit.code, item.unit.name, item.unit.kind.value)
        )
    )
    if not items:
        raise InvalidInput(
            f"Chưa có số liệu {period_label(period)}: hãy nhập số liệu trước khi soạn văn bản.",
            [{"field": "period", "message": f"Không có số liệu của kỳ {period}."}],
        )
    return [
        MonthFigures(
            item.unit.code, period, *(getattr(item.figures, name) for name in FIGURE_FIELDS)
        )
        for item in items
    ]


def _earlier_letter(body: IssuingBody, period: str) -> EarlierLetter | None:
    """Return the latest numbered letter about an earlier month, for a follow-up to cite."""
    earlier = db.session.scalar(
        select(Directive)
        .where(
            Directive.issuing_body_id == body.id,
            Directive.kind.in_(FOLLOWED_KINDS),
            Directive.state.in_(NUMBERED_STATES),
            Directive.period < period,
            Directive.number.is_not(None),
        )
        .order_by(Directive.letter_date.desc(), Directive.id.desc())
        .limit(1)
    )
    if earlier is None or earlier.letter_date is None:
        return None
    return EarlierLetter(earlier.number_text, earlier.letter_date, earlier.subject)


def default_signer(body: IssuingBody) -> Signer | None:
    """Return the deputy who signs "KT." for the body if there is one, else its first signer."""
    signers = [s for s in body.signers if s.active]
    deputies = [s for s in signers if s.authority.strip().upper().startswith("KT.")]
    return (deputies or signers or [None])[0]


def _own_signer(actor: User, directive: Directive) -> Signer:
    signer = db.session.scalar(
        select(Signer).where(
            Signer.user_id == actor.id,
            Signer.issuing_body_id == directive.issuing_body_id,
            Signer.active.is_(True),
        )
    )
    if signer is None:
        raise PermissionDenied(
            "Tài khoản này chưa được khai báo là người ký của cơ quan ban hành văn bản."
        )
    return signer


def _fill(directive: Directive, letter: LetterDraft, units: dict[str, Unit]) -> None:
    directive.subject = letter.subject
    directive.addressees = list(letter.addressees)
    directive.opening = list(letter.opening)
    directive.lead_in = letter.lead_in
    directive.closing = list(letter.closing)
    directive.recipients = list(letter.recipients)
    directive.table = letter.table
    for position, item in enumerate(letter.assignments, start=1):
        links = [AssignmentUnit(unit=units[c], role=UnitRole.LEAD) for c in item.lead_unit_codes]
        links += [
            AssignmentUnit(unit=units[c], role=UnitRole.SUPPORT) for c in item.supporting_unit_codes
        ]
        directive.assignments.append(
            Assignment(
                position=position,
                heading=item.heading,
                text=item.text,
                sub_items=list(item.sub_items),
                deadline=item.deadline,
                criterion=item.criterion,
                unit_links=links,
            )
        )


def _record_step(actor: User, directive: Directive, action: str, before, **after) -> None:
    record_event(
        actor,
        "directive",
        directive.id,
        action,
        before={"state": DirectiveState(before).value},
        after={"state": directive.state.value, **after},
        comment=after.get("comment", ""),
    )
