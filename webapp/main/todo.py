"""What waits for each person: the kinds of work of their role, each counted and listed.

Each kind is one statement of the rows waiting (the features' own queries and policies say which);
its count and its list are read from it, so the menu's badge and the page agree. The menu asks
every count of the role in one statement, once a request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from flask import g, url_for
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from webapp.audit.queries import recent_security_events
from webapp.auth.models import Role, User
from webapp.directives.models import Assignment, Directive, DirectiveState, LetterKind
from webapp.directives.policies import may_draft
from webapp.directives.queries import scope_directives
from webapp.exemptions import policies as exemption_policies
from webapp.exemptions.models import Exemption
from webapp.extensions import db
from webapp.formatting import month
from webapp.main.admin_todo import CERTIFICATES, FAILED_IMPORTS, LOCKED
from webapp.main.kept_todo import Waiting, keep_waiting, kept_waiting
from webapp.main.task_todo import OVERDUE_TASKS, OWN_TASKS, RETURNED_REPORTS
from webapp.main.todo_kinds import (
    NEW_LETTER_DAYS,
    REPORT_LOADS,
    TASK_LOADS,
    Item,
    Kind,
    Moment,
    Section,
    day_text,
    directive_states,
    evidence_text,
    nothing,
    shortened,
    task_name,
    task_states,
)
from webapp.reports import policies as report_policies
from webapp.reports.models import Report, ReportDecision
from webapp.signers.models import Signer
from webapp.stats.models import UnitPeriodFigures
from webapp.stats.queries import rate_threshold, rule_broken
from webapp.tasks import policies as task_policies
from webapp.tasks.models import CriterionCheck, ExtensionDecision, ExtensionRequest, UnitTask
from workflows.machines.exemption import State as ExemptionState
from workflows.rules.findings import Rule

# ---------------------------------------------------------------- letters


def _letters_in(step: str) -> Callable[[User, Moment], Select]:
    def rows(user: User, _moment: Moment) -> Select:
        states = directive_states(user, step)
        return (
            select(Directive).where(Directive.state.in_(states)) if states else nothing(Directive)
        )

    return rows


def _letter_item(directive: Directive, _moment: Moment, waiting_since: str, since) -> Item:
    return Item(
        f"{directive.kind.label}: V/v {directive.subject}",
        url_for("directives.show", directive_id=directive.id),
        f"{waiting_since} {day_text(since)}" if since else "",
    )


def _to_sign(user: User, moment: Moment) -> Select:
    """The letters the policy lets the user sign, of a body the user signs for (signing takes the
    user's own active signer of the letter's body, `_own_signer` in the letters' operations)."""
    own_signer = exists().where(
        Signer.user_id == user.id,
        Signer.issuing_body_id == Directive.issuing_body_id,
        Signer.active.is_(True),
    )
    return _letters_in("approve")(user, moment).where(own_signer)


TO_SIGN = Kind(
    "to-sign",
    "Văn bản chờ ký",
    _to_sign,
    lambda stmt: stmt.order_by(Directive.submitted_at.desc(), Directive.id.desc()),
    # Signing answers with its confirmation page first (the number the letter will take, and
    # the letter itself to read), as from the letter's page.
    lambda d, m: replace(
        _letter_item(d, m, "Trình ký", d.submitted_at),
        step=("Ký và cấp số", url_for("directives.approve", directive_id=d.id), {}),
    ),
    more=lambda: url_for("directives.index", state=DirectiveState.SUBMITTED.value),
)

TO_ISSUE = Kind(
    "to-issue",
    "Văn bản đã ký, chờ ban hành",
    _letters_in("issue"),
    lambda stmt: stmt.order_by(Directive.signed_at.desc(), Directive.id.desc()),
    lambda d, m: replace(
        _letter_item(d, m, f"Số {d.number_text} · ký", d.signed_at),
        step=("Ban hành", url_for("board.issue", directive_id=d.id), {}),
    ),
    more=lambda: url_for("directives.index", state=DirectiveState.SIGNED.value),
)


def _new_letters(user: User, moment: Moment) -> Select:
    since = moment.now - timedelta(days=NEW_LETTER_DAYS)
    return scope_directives(select(Directive), user).where(Directive.issued_at >= since)


NEW_LETTERS = Kind(
    "new-letters",
    f"Văn bản mới ban hành cho đơn vị ({NEW_LETTER_DAYS} ngày qua)",
    _new_letters,
    lambda stmt: stmt.order_by(Directive.issued_at.desc(), Directive.id.desc()),
    lambda d, m: Item(
        f"{d.number_text}: V/v {d.subject}",
        url_for("directives.show", directive_id=d.id),
        f"Ban hành {day_text(d.issued_at)}",
    ),
    more=lambda: url_for("directives.index"),
)


# ---------------------------------------------------------------- reports and requests


def _reports(user: User, _moment: Moment, *, reviewing: bool) -> Select:
    roles = report_policies.REVIEWERS if reviewing else report_policies.DECIDERS
    if user.role not in roles:
        return nothing(Report)
    stmt = select(Report).where(Report.decision == ReportDecision.PENDING)
    # The office reviews a report once; it stays the leader's to decide.
    return stmt.where(Report.office_commented_at.is_(None)) if reviewing else stmt


def _report_item(report: Report, _moment: Moment) -> Item:
    return Item(
        task_name(report.task),
        url_for("tasks.show", task_id=report.task_id),
        f"Báo cáo ngày {day_text(report.submitted_at)}: “{shortened(report.text)}”"
        f" · {evidence_text(len(report.evidence))}",
    )


def _report_to_decide_item(report: Report, moment: Moment) -> Item:
    """A report the leader can accept from here, having read its words and the files' count; a
    refusal needs its reason, written on the task's page."""
    return replace(
        _report_item(report, moment),
        step=("Đạt", url_for("reports.decide", report_id=report.id), {"decision-accept": "Đạt"}),
    )


REPORTS_TO_DECIDE = Kind(
    "reports-to-decide",
    "Báo cáo chờ xác nhận",
    lambda user, moment: _reports(user, moment, reviewing=False),
    lambda stmt: stmt.order_by(Report.submitted_at.desc(), Report.id.desc()),
    _report_to_decide_item,
    REPORT_LOADS,
)

REPORTS_TO_REVIEW = Kind(
    "reports-to-review",
    "Báo cáo chờ Văn phòng cho ý kiến",
    lambda user, moment: _reports(user, moment, reviewing=True),
    lambda stmt: stmt.order_by(Report.submitted_at.desc(), Report.id.desc()),
    _report_item,
    REPORT_LOADS,
)


def _extensions(user: User, _moment: Moment) -> Select:
    if user.role not in task_policies.DECIDERS:
        return nothing(ExtensionRequest)
    return select(ExtensionRequest).where(ExtensionRequest.decision == ExtensionDecision.PENDING)


EXTENSIONS = Kind(
    "extensions",
    "Đề nghị gia hạn chờ quyết định",
    _extensions,
    lambda stmt: stmt.order_by(ExtensionRequest.requested_at.desc(), ExtensionRequest.id.desc()),
    lambda e, m: Item(
        task_name(e.task),
        url_for("tasks.show", task_id=e.task_id),
        f"Xin gia hạn đến {day_text(e.requested_deadline)}",
    ),
    (
        selectinload(ExtensionRequest.task).selectinload(UnitTask.unit),
        selectinload(ExtensionRequest.task)
        .selectinload(UnitTask.assignment)
        .selectinload(Assignment.directive),
    ),
)


def _exemptions(user: User, _moment: Moment) -> Select:
    if user.role not in exemption_policies.DECIDERS:
        return nothing(Exemption)
    return select(Exemption).where(Exemption.state == ExemptionState.PENDING)


EXEMPTIONS = Kind(
    "exemptions",
    "Đề nghị miễn trừ chờ quyết định",
    _exemptions,
    lambda stmt: stmt.order_by(Exemption.due_at, Exemption.id),
    lambda e, m: Item(
        f"{e.unit.name} · hồ sơ {e.dossier_code} ({month(e.period)})",
        url_for("exemptions.show", exemption_id=e.id),
        f"{e.reason.label} · hạn quyết định {day_text(e.due_at)}",
        late=e.due_at < m.now,
    ),
    (selectinload(Exemption.unit),),
    lambda: url_for("exemptions.index", state=ExemptionState.PENDING.value),
)


# ---------------------------------------------------------------- compliance judged on the figures


# Built once: making an alias costs more than the rest of the statement.
LATER_CHECK = aliased(CriterionCheck)


def _judged_open_tasks(user: User, *, met: bool) -> Select:
    """Open tasks whose latest month judged meets (or fails) the criterion, as
    `tasks.compliance.proposals` splits them, with that check."""
    states = task_states(user, "confirm")
    if not states:
        return nothing(UnitTask)
    later = LATER_CHECK
    stmt = (
        select(UnitTask, CriterionCheck)
        .join(CriterionCheck, CriterionCheck.task_id == UnitTask.id)
        .where(
            UnitTask.state.in_(states),
            ~exists().where(
                later.task_id == CriterionCheck.task_id, later.period > CriterionCheck.period
            ),
        )
    )
    if met:
        return stmt.where(CriterionCheck.met.is_(True))
    return stmt.where(CriterionCheck.met.is_(False), UnitTask.follow_up_directive_id.is_(None))


def _judged_item(row, _moment: Moment, link: str | None = None) -> Item:
    task, check = row
    return Item(
        task_name(task),
        link or url_for("tasks.show", task_id=task.id),
        f"{month(check.period)}: {check.text}",
    )


def _by_month_judged(stmt: Select) -> Select:
    return stmt.order_by(CriterionCheck.period.desc(), UnitTask.id)


TO_CONFIRM = Kind(
    "to-confirm",
    "Đạt tiêu chí, chờ xác nhận khắc phục",
    lambda user, moment: _judged_open_tasks(user, met=True),
    _by_month_judged,
    # The latest month's tasks are confirmed from here, as on the month's confirmation page.
    lambda row, moment: replace(_judged_item(row, moment), pick=(row[1].period, str(row[0].id))),
    TASK_LOADS,
    lambda: url_for("board.leader_inbox"),
    lambda: ("Xác nhận theo từng tháng", url_for("board.confirm_met")),
    lambda: ("Xác nhận đạt các nhiệm vụ đã chọn", url_for("board.confirm_met")),
)

TO_FOLLOW_UP = Kind(
    "to-follow-up",
    "Chưa đạt tiêu chí, cần chỉ đạo đôn đốc",
    lambda user, moment: _judged_open_tasks(user, met=False),
    _by_month_judged,
    # The follow-up is ordered from the leader's inbox, letter by letter.
    lambda row, moment: _judged_item(row, moment, url_for("board.leader_inbox")),
    TASK_LOADS,
    lambda: url_for("board.leader_inbox"),
)


# ---------------------------------------------------------------- months without a letter


def _months_to_draft(user: User, _moment: Moment) -> Select:
    """Months imported with findings and no letter drafted for them, after the last month that
    has one (a month passed over for a later letter is not waiting)."""
    if not may_draft(user):
        return select(UnitPeriodFigures.period).where(False)
    lettered = select(func.max(Directive.period)).where(
        Directive.kind == LetterKind.DIRECTIVE,
        Directive.state != DirectiveState.WITHDRAWN,
        Directive.period != "",
    )
    threshold = rate_threshold()
    broken = or_(*(rule_broken(rule, threshold) for rule in Rule))
    return (
        select(UnitPeriodFigures.period, func.count().label("units"))
        .where(broken, UnitPeriodFigures.period > func.coalesce(lettered.scalar_subquery(), ""))
        .group_by(UnitPeriodFigures.period)
    )


MONTHS_TO_DRAFT = Kind(
    "months-to-draft",
    "Tháng có phát hiện, chưa soạn văn bản",
    _months_to_draft,
    lambda stmt: stmt.order_by(UnitPeriodFigures.period.desc()),
    lambda row, m: Item(
        f"Số liệu tháng {month(row[0])}: {row[1]} đơn vị có phát hiện",
        url_for("stats.dashboard", period=row[0]),
        "Xem số liệu, hoặc soạn ngay dự thảo công văn chấn chỉnh",
        step=(
            "Soạn văn bản",
            url_for("directives.draft"),
            {"period": row[0], "kind": LetterKind.DIRECTIVE.value},
        ),
    ),
)


# ---------------------------------------------------------------- by role

KINDS: dict[Role, tuple[Kind, ...]] = {
    Role.LEADER: (TO_SIGN, REPORTS_TO_DECIDE, EXTENSIONS, TO_CONFIRM, TO_FOLLOW_UP, EXEMPTIONS),
    Role.OFFICE: (TO_ISSUE, REPORTS_TO_REVIEW, MONTHS_TO_DRAFT, EXEMPTIONS, OVERDUE_TASKS),
    Role.UNIT: (OWN_TASKS, RETURNED_REPORTS, NEW_LETTERS),
    Role.ADMIN: (LOCKED, CERTIFICATES, FAILED_IMPORTS),
}


def _counts(user: User, moment: Moment) -> list[int]:
    """Every count of the user's kinds, in one statement."""
    kinds = KINDS.get(user.role, ())
    if not kinds:
        return []
    stmt = select(*(kind.count(user, moment).scalar_subquery() for kind in kinds))
    return [int(count or 0) for count in db.session.execute(stmt).one()]


def todo_total(user: User) -> int:
    """How many things wait for the user (the menu's badge): counted once a request, and kept
    between pages until something is done or the day turns (`kept_todo`)."""
    cached = g.get("todo_total")
    if cached is not None and cached[0] == user.id:
        return cached[1]
    moment = Moment.current()
    waiting = kept_waiting(user.id, moment.today)
    if waiting is None:
        waiting = Waiting(sum(_counts(user, moment)))
        keep_waiting(user.id, moment.today, waiting)
    g.todo_total = (user.id, waiting.total)
    return waiting.total


def todo_for(user: User) -> list[Section]:
    """What waits for the user, kind by kind, each counted and its first items listed; kept, as
    the count is, until something is done or the day turns."""
    moment = Moment.current()
    waiting = kept_waiting(user.id, moment.today)
    if waiting is None or waiting.sections is None:
        counts = _counts(user, moment)
        kinds = KINDS.get(user.role, ())
        sections = tuple(
            kind.section(user, moment, count) for kind, count in zip(kinds, counts, strict=True)
        )
        waiting = Waiting(sum(counts), sections)
        keep_waiting(user.id, moment.today, waiting)
    g.todo_total = (user.id, waiting.total)
    return list(waiting.sections)


def landing_for(user: User) -> dict:
    """What the landing page shows: the to-do sections, and for an administrator the latest
    security events beside them."""
    landing = {"sections": todo_for(user), "security_events": None}
    if user.role == Role.ADMIN:
        landing["security_events"] = recent_security_events()
    return landing
