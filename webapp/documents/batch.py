"""Draft many letters at once and render them in background batches."""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.auth.models import Role, User
from webapp.directives.models import (
    Assignment,
    AssignmentUnit,
    Directive,
    DirectiveState,
    LetterKind,
    UnitRole,
)
from webapp.directives.numbering import local_today
from webapp.directives.operations import issuer_level
from webapp.extensions import db
from webapp.signers.models import IssuingBody, Signer
from webapp.stats.queries import findings_for
from webapp.units.models import Unit
from workflows.errors import Conflict, InvalidInput, PermissionDenied
from workflows.letters.drafting import (
    DEFAULT_DEADLINE_DAYS,
    DraftRequest,
    LetterDraft,
    UnitInfo,
    draft_letter,
)
from workflows.periods import parse_period, period_label
from workflows.queue import DEFAULT_QUEUE, JobHandle, enqueue
from workflows.rules.findings import Finding

# Letters per rendering job: small enough for several workers to share a large batch.
LETTERS_PER_JOB = 50
SECONDS_PER_LETTER = 10
DRAFTING_UNIT = "VP"


def enqueue_rendering(
    directive_ids: Sequence[int], per_job: int = LETTERS_PER_JOB, queue: str = DEFAULT_QUEUE
) -> list[JobHandle]:
    """Queue the rendering of many letters, split into jobs that report their progress."""
    from workflows.jobs.rendering import render_batch

    ids = list(directive_ids)
    chunks = [ids[start : start + per_job] for start in range(0, len(ids), per_job)]
    return [
        enqueue(render_batch, chunk, queue=queue, timeout=max(600, SECONDS_PER_LETTER * len(chunk)))
        for chunk in chunks
    ]


def generate_reminders(actor: User, period: str) -> list[Directive]:
    """Draft one reminder per unit failing the period and queue their rendering.

    Commits the drafts before queuing, so the worker finds them.
    """
    if actor is None or actor.role not in (Role.OFFICE, Role.ADMIN):
        raise PermissionDenied("Chỉ Văn phòng được soạn công văn đôn đốc.")
    try:
        period = parse_period(period)
    except ValueError as exc:
        raise InvalidInput(
            "Kỳ số liệu không hợp lệ.", [{"field": "period", "message": str(exc).capitalize()}]
        ) from None
    body = db.session.scalar(select(IssuingBody).order_by(IssuingBody.id).limit(1))
    if body is None:
        raise Conflict(
            "Chưa khai báo cơ quan ban hành văn bản; hãy nhờ quản trị hệ thống khai báo."
        )
    per_unit = _findings_per_unit(findings_for(actor, period))
    if not per_unit:
        raise Conflict(
            f"{period_label(period).capitalize()} không có đơn vị nào chưa đạt để đôn đốc."
        )
    units = {unit.code: unit for unit in db.session.scalars(select(Unit))}
    infos = [UnitInfo(unit.code, unit.name, unit.kind.value) for unit in units.values()]
    signer = _default_signer(body)
    deadline_days = int(current_app.config.get("DIRECTIVE_DEADLINE_DAYS", DEFAULT_DEADLINE_DAYS))
    directives = []
    for findings in per_unit.values():
        draft = draft_letter(
            DraftRequest(
                kind=LetterKind.REMINDER.value,
                period=period,
                findings=findings,
                units=infos,
                drafted_on=local_today(),
                deadline_days=deadline_days,
                level=issuer_level(body.name),
            )
        )
        directive = Directive(
            kind=LetterKind.REMINDER,
            state=DirectiveState.DRAFT,
            issuing_body_id=body.id,
            period=period,
            signer_id=signer.id if signer else None,
            drafting_unit=DRAFTING_UNIT,
            symbol=body.symbol,
            created_by_id=actor.id,
        )
        _fill(directive, draft, units)
        db.session.add(directive)
        directives.append(directive)
    db.session.flush()
    for directive in directives:
        record_event(
            actor, "directive", directive.id, "draft", comment=f"Đôn đốc hàng loạt {period}"
        )
    db.session.commit()
    enqueue_rendering([directive.id for directive in directives])
    return directives


def _findings_per_unit(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    per_unit: dict[str, list[Finding]] = {}
    for finding in findings:
        per_unit.setdefault(finding.unit_code, []).append(finding)
    return per_unit


def _default_signer(body: IssuingBody) -> Signer | None:
    """Return the deputy signing "KT." for the body if there is one, as drafts do."""
    signers = [s for s in body.signers if s.active]
    deputies = [s for s in signers if s.authority.strip().upper().startswith("KT.")]
    return (deputies or signers or [None])[0]


def _fill(directive: Directive, draft: LetterDraft, units: dict[str, Unit]) -> None:
    directive.subject = draft.subject
    directive.addressees = list(draft.addressees)
    directive.opening = list(draft.opening)
    directive.lead_in = draft.lead_in
    directive.closing = list(draft.closing)
    directive.recipients = list(draft.recipients)
    for position, item in enumerate(draft.assignments, start=1):
        links = [
            AssignmentUnit(unit=units[code], role=role)
            for codes, role in (
                (item.lead_unit_codes, UnitRole.LEAD),
                (item.supporting_unit_codes, UnitRole.SUPPORT),
            )
            for code in codes
            if code in units
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
