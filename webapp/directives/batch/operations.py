"""Draft one reminder per failing unit as a batch, render it in the background, follow it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import func, select

from webapp.audit.operations import record_event
from webapp.auth.models import User
from webapp.directives.batch.models import LetterBatch
from webapp.directives.models import LetterKind
from webapp.directives.operations import (
    DRAFTING_ROLES,
    all_units,
    checked_period,
    issuing_body,
    letter_request,
    new_directive,
    period_figures,
)
from webapp.documents.models import RenderedDocument
from webapp.documents.storage import FORMATS
from webapp.extensions import db
from webapp.jobs.queue import UNREACHABLE, redis_connection
from webapp.jobs.rendering import enqueue_rendering
from webapp.security import require_actor
from webapp.stats.queries import findings_for
from workflows.errors import Conflict
from workflows.letters.drafting import draft_letter
from workflows.periods import period_label
from workflows.rules.findings import Finding


@dataclass(frozen=True)
class BatchProgress:
    """How far the rendering of a batch has got."""

    status: str  # "queued", "done" or "failed"
    fraction: float  # 0 to 1
    rendered: frozenset[int]  # ids of the letters whose DOCX and PDF are stored


def draft_reminders(actor: User, period: str) -> LetterBatch:
    """Draft one reminder (đôn đốc) for each unit failing the period, as one batch (no commit)."""
    require_actor(actor, DRAFTING_ROLES, "Chỉ Văn phòng được soạn công văn đôn đốc.")
    period = checked_period(period)
    body = issuing_body()
    period_figures(actor, period)
    per_unit = _findings_per_unit(findings_for(actor, period))
    if not per_unit:
        raise Conflict(
            f"{period_label(period).capitalize()} không có đơn vị nào chưa đạt để đôn đốc."
        )
    units = all_units()
    batch = LetterBatch(kind=LetterKind.REMINDER, period=period, created_by_id=actor.id)
    db.session.add(batch)
    for findings in per_unit.values():
        request = letter_request(body, LetterKind.REMINDER, period, findings, units)
        directive = new_directive(
            actor, body, LetterKind.REMINDER, period, draft_letter(request), units
        )
        batch.directives.append(directive)
    db.session.flush()
    for directive in batch.directives:
        record_event(
            actor, "directive", directive.id, "draft", comment=f"Đôn đốc hàng loạt, lô {batch.id}"
        )
    record_event(
        actor,
        "letter_batch",
        batch.id,
        "draft",
        after={"period": period, "letters": len(batch.directives)},
    )
    return batch


def start_batch_rendering(batch: LetterBatch) -> None:
    """Queue the rendering of a committed batch (run now without Redis) and keep its job ids."""
    handles = enqueue_rendering([directive.id for directive in batch.directives])
    batch.job_ids = [handle.id for handle in handles if handle.queued]


def batch_progress(batch: LetterBatch) -> BatchProgress:
    """Return the batch's progress: its jobs' own reports, and the letters stored so far.

    Every letter stored means done, whichever jobs stored them (the recovery sweep renders the
    letters of a lost job); without its jobs to ask (Redis gone), the batch waits for the rest.
    """
    rendered = _rendered_ids([directive.id for directive in batch.directives])
    total = len(batch.directives) or 1
    complete = len(rendered) == len(batch.directives)
    if complete:
        return BatchProgress("done", 1.0, rendered)
    connection = redis_connection() if batch.job_ids else None
    if connection is None:
        return BatchProgress("failed", len(rendered) / total, rendered)
    fractions, statuses = [], []
    for job_id in batch.job_ids:
        try:
            job = Job.fetch(job_id, connection=connection)
            statuses.append(job.get_status())
        except NoSuchJobError:
            statuses.append(JobStatus.FINISHED)
            fractions.append(1.0)
            continue
        except UNREACHABLE:
            return BatchProgress("queued", len(rendered) / total, rendered)
        fractions.append(float(job.meta.get("progress") or 0.0))
    if JobStatus.FAILED in statuses:
        status = "failed"
    elif all(state == JobStatus.FINISHED for state in statuses):
        status = "done"
    else:
        status = "queued"
    fraction = 1.0 if status == "done" else sum(fractions) / len(fractions)
    return BatchProgress(status, fraction, rendered)


def _rendered_ids(directive_ids: Sequence[int]) -> frozenset[int]:
    """Return the letters among these whose every format is stored."""
    if not directive_ids:
        return frozenset()
    stmt = (
        select(RenderedDocument.directive_id)
        .where(RenderedDocument.directive_id.in_(directive_ids))
        .group_by(RenderedDocument.directive_id)
        .having(func.count() == len(FORMATS))
    )
    return frozenset(db.session.scalars(stmt))


def _findings_per_unit(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    per_unit: dict[str, list[Finding]] = {}
    for finding in findings:
        per_unit.setdefault(finding.unit_code, []).append(finding)
    return per_unit
