"""Compliance by the figures: judge the tasks' criteria on each new month, propose follow-ups.

When a month is imported, every open lead task whose assignment carries a criterion, from a
letter about an earlier month, is judged on its unit's figures of that month. The leader sees the
outcome: confirms the units that complied, and orders a follow-up letter (reminder, or criticism
from the third repeat) for those still failing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.audit.operations import record_event
from webapp.auth.models import Role, User
from webapp.directives.models import Assignment, Directive, LetterKind, UnitRole
from webapp.directives.operations import all_units, issuing_body, letter_request, new_directive
from webapp.extensions import db
from webapp.notifications.operations import notify, staff_users
from webapp.security import require_actor
from webapp.stats.queries import findings_for, rate_threshold, units_history
from webapp.tasks.models import CriterionCheck, UnitTask
from webapp.tasks.queries import TASK_ENTITY, TaskFilters, visible_tasks
from workflows.errors import Conflict, InvalidInput
from workflows.letters.drafting import draft_letter
from workflows.machines.task import OPEN
from workflows.periods import period_label, shift_period
from workflows.rules.criteria import Criterion, evaluate
from workflows.rules.findings import REPEAT_WINDOW_MONTHS, Finding, Rule, find

# The finding rule a criterion's figure answers to, for its repeat count.
RULES = {
    "on_time_rate": Rule.RATE_BELOW_THRESHOLD,
    "closed_late_in_software": Rule.CLOSED_LATE_IN_SOFTWARE,
    "complaints": Rule.COMPLAINTS,
    "pending_overdue": Rule.PENDING_OVERDUE,
    "late_caused_elsewhere": Rule.DELAYED_OTHERS,
}


@dataclass(frozen=True)
class Proposal:
    """A task still failing its criterion, and what the leader may order."""

    task: UnitTask
    check: CriterionCheck

    @property
    def kind(self) -> LetterKind:
        """A reminder, or a criticism once the unit has failed three times or more."""
        return LetterKind.CRITICISM if self.flagged else LetterKind.REMINDER

    @property
    def flagged(self) -> bool:
        """Failed often enough for disciplinary review, as the Biên Hòa letter orders."""
        return self.check.repeat_count >= self.flag_at

    @property
    def flag_at(self) -> int:
        return int(current_app.config["REPEAT_FLAG_AT"])


def evaluate_criteria(periods: list[str]) -> list[CriterionCheck]:
    """Judge the criteria of the open tasks on each of these months; tell the leaders (no commit)."""
    checks = []
    for period in sorted(periods):
        checks.extend(_evaluate_month(period))
    if checks:
        _tell_leaders(checks)
    return checks


def _tell_leaders(checks: list[CriterionCheck]) -> None:
    """Tell the leaders what the new figures say; the same judgement twice (an import run again)
    tells them once."""
    met = sum(1 for c in checks if c.met)
    failing = sum(1 for c in checks if c.met is False)
    periods = sorted({c.period for c in checks})
    months = ", ".join(period_label(p) for p in periods)
    judged = ";".join(sorted(f"{c.period}/{c.task.id}/{c.met}" for c in checks))
    digest = hashlib.sha256(judged.encode()).hexdigest()[:32]
    last = periods[-1]
    notify(
        staff_users(Role.LEADER),
        f"Số liệu {months}: {met} nhiệm vụ đạt tiêu chí, {failing} nhiệm vụ chưa đạt",
        "Xác nhận khắc phục cho các đơn vị đạt; chỉ đạo văn bản đôn đốc cho các đơn vị chưa đạt.",
        f"/inbox/confirm?period={last}" if met else "/inbox",
        key=f"criteria:{last}:{digest}",
    )


def _evaluate_month(period: str) -> list[CriterionCheck]:
    tasks = [
        task
        for task in db.session.scalars(
            select(UnitTask)
            .join(Assignment, Assignment.id == UnitTask.assignment_id)
            .join(Directive, Directive.id == Assignment.directive_id)
            .where(
                UnitTask.state.in_(OPEN),
                UnitTask.role == UnitRole.LEAD,
                Assignment.criterion.is_not(None),
                Directive.period != "",
                Directive.period < period,
            )
            .options(
                selectinload(UnitTask.unit),
                selectinload(UnitTask.checks),
                selectinload(UnitTask.assignment),
            )
        )
        if task.assignment.criterion
    ]
    if not tasks:
        return []
    unit_ids = {task.unit_id for task in tasks}
    first = shift_period(period, -(REPEAT_WINDOW_MONTHS - 1))
    history = units_history(unit_ids, first, period)
    figures = {row.unit_code: row for row in history if row.period == period}
    flag_at = int(current_app.config["REPEAT_FLAG_AT"])
    repeats = {(f.unit_code, f.rule): f for f in find(history, period, rate_threshold(), flag_at)}
    checks = []
    for task in tasks:
        criterion = Criterion.from_dict(task.assignment.criterion)
        outcome = evaluate(criterion, figures.get(task.unit.code))
        finding: Finding | None = repeats.get((task.unit.code, RULES.get(criterion.figure)))
        check = next((c for c in task.checks if c.period == period), None)
        if check is None:
            check = CriterionCheck(task=task, period=period, text="")
            db.session.add(check)
        check.met, check.value, check.text = outcome.met, outcome.value, outcome.text[:300]
        check.repeat_count = finding.repeat_count if finding else 0
        record_event(
            None,
            TASK_ENTITY,
            task.id,
            "evaluate",
            after={
                "state": task.state.value,
                "period": period,
                "criterion": criterion.text,
                "met": outcome.met,
                "value": outcome.value,
                "repeat_count": check.repeat_count,
            },
            comment=f"{period_label(period).capitalize()}: {outcome.text}",
            actor_name="hệ thống",
        )
        checks.append(check)
    db.session.flush()
    return checks


def latest_checks(tasks: list[UnitTask]) -> dict[int, CriterionCheck]:
    """Return each task's most recent criterion check."""
    return {task.id: task.checks[-1] for task in tasks if task.checks}


def proposals(open_tasks: list[UnitTask]) -> tuple[list[Proposal], list[Proposal]]:
    """Split the open tasks judged on their latest month into (to confirm, to follow up)."""
    to_confirm, to_follow = [], []
    for task in open_tasks:
        if not task.checks or task.state not in OPEN:
            continue
        check = task.checks[-1]
        if check.met:
            to_confirm.append(Proposal(task, check))
        elif check.met is False and task.follow_up_directive_id is None:
            to_follow.append(Proposal(task, check))
    return to_confirm, to_follow


def met_proposals(user: User, period: str = "") -> dict[str, list[Proposal]]:
    """The tasks the leader may confirm, by the month their criterion was met in (oldest month
    first), or of that one month when given."""
    by_month: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals(visible_tasks(user, TaskFilters(open_only=True)))[0]:
        if not period or proposal.check.period == period:
            by_month[proposal.check.period].append(proposal)
    for month in by_month.values():
        month.sort(key=lambda p: (p.task.directive.number or 0, p.task.assignment.position))
    return dict(sorted(by_month.items()))


def order_follow_up(actor: User, directive: Directive, period: str) -> Directive:
    """Draft the follow-up letter for the units of a letter still failing on a month (no commit)."""
    require_actor(actor, (Role.LEADER,), "Chỉ lãnh đạo được chỉ đạo ban hành văn bản đôn đốc.")
    failing = [
        proposal
        for proposal in proposals(_open_tasks_of(directive))[1]
        if proposal.check.period == period
    ]
    if not failing:
        raise Conflict(
            f"Không có đơn vị nào của văn bản {directive.number_text} chưa đạt tiêu chí "
            f"{period_label(period)}."
        )
    kind = LetterKind.CRITICISM if any(p.flagged for p in failing) else LetterKind.REMINDER
    body = issuing_body()
    units = all_units()
    codes = {p.task.unit.code for p in failing}
    findings = [f for f in findings_for(actor, period) if f.unit_code in codes]
    if not findings:
        raise InvalidInput(f"Chưa có phát hiện {period_label(period)} cho các đơn vị cần đôn đốc.")
    letter = draft_letter(letter_request(body, kind, period, findings, units))
    follow_up = new_directive(actor, body, kind, period, letter, units)
    db.session.flush()
    for proposal in failing:
        proposal.task.follow_up_directive_id = follow_up.id
        record_event(
            actor,
            TASK_ENTITY,
            proposal.task.id,
            "follow_up",
            after={
                "state": proposal.task.state.value,
                "directive_id": follow_up.id,
                "kind": kind.value,
                "repeat_count": proposal.check.repeat_count,
            },
            comment=f"Chỉ đạo soạn {kind.label.lower()} ({period_label(period)})",
        )
    record_event(
        actor,
        "directive",
        follow_up.id,
        "draft",
        comment=f"Đôn đốc theo văn bản {directive.number_text}, {period_label(period)}",
    )
    by_unit = defaultdict(list)
    for proposal in failing:
        by_unit[proposal.task.unit.name].append(proposal.check.repeat_count)
    notify(
        staff_users(Role.OFFICE),
        f"Lãnh đạo chỉ đạo soạn {kind.label.lower()} theo văn bản {directive.number_text}",
        ", ".join(f"{name} ({max(counts):02d} lần)" for name, counts in by_unit.items()),
        f"/directives/{follow_up.id}/edit",
    )
    return follow_up


def _open_tasks_of(directive: Directive) -> list[UnitTask]:
    stmt = (
        select(UnitTask)
        .join(Assignment, Assignment.id == UnitTask.assignment_id)
        .where(Assignment.directive_id == directive.id, UnitTask.state.in_(OPEN))
        .options(selectinload(UnitTask.checks), selectinload(UnitTask.unit))
    )
    return list(db.session.scalars(stmt))
