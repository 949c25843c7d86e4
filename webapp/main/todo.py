"""What waits for each person: the kinds of work of their role, each counted and listed.

Each kind is one statement of the rows waiting (the features' own queries and policies say which);
its count and its list are read from it, so the menu's badge and the page agree. The menu asks
every count of the role in one statement, once a request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from flask import g, url_for
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from webapp.audit.queries import recent_security_events
from webapp.auth.models import Role, User
from webapp.auth.queries import locked_accounts
from webapp.database import utcnow
from webapp.directives.models import Assignment, Directive, DirectiveState, LetterKind
from webapp.directives.policies import directive_page_actions, may_draft
from webapp.directives.queries import scope_directives
from webapp.exemptions import policies as exemption_policies
from webapp.exemptions.models import Exemption
from webapp.extensions import db
from webapp.formatting import local_time, month
from webapp.imports.models import ImportRun, ImportStatus
from webapp.reports import policies as report_policies
from webapp.reports.models import Report, ReportDecision
from webapp.security import scope_to_user
from webapp.signers.models import Signer
from webapp.stats.models import UnitPeriodFigures
from webapp.stats.queries import rate_threshold, rule_broken
from webapp.tasks import policies as task_policies
from webapp.tasks.models import CriterionCheck, ExtensionDecision, ExtensionRequest, UnitTask
from webapp.tasks.queries import OVERDUE, TaskFilters, filtered_tasks
from workflows.machines.exemption import State as ExemptionState
from workflows.machines.task import State as TaskState
from workflows.periods import local_today
from workflows.rules.findings import Rule

# How many items of a kind the page lists; the rest are behind the kind's own page.
SHOWN = 10
# A letter issued to a unit stays "new" on its list this long.
NEW_LETTER_DAYS = 30
# A signing certificate is renewed this long before it expires.
CERTIFICATE_WARNING_DAYS = 30
# A failed import is shown this long, unless a later import of its kind went through.
FAILED_IMPORT_DAYS = 30


@dataclass(frozen=True)
class Item:
    """One thing to do: what it is, where to do it, and what makes it urgent."""

    title: str
    link: str
    detail: str = ""
    late: bool = False
    # The step itself, when it can be taken from here: (label, the form's action, its fields).
    # Irreversible steps answer with their confirmation page first, as from the object's page.
    step: tuple[str, str, dict] | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    count: int
    items: list[Item]
    more: str = ""  # the page listing every item of the kind, when there are more than shown
    # One action over all the items at once (label, link), e.g. confirming a month's tasks.
    bulk: tuple[str, str] | None = None


@dataclass(frozen=True)
class Moment:
    """The time the work is judged at: now, and today in Vietnam."""

    now: datetime
    today: date

    @classmethod
    def current(cls) -> Moment:
        return cls(utcnow(), local_today())


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    rows: Callable[[User, Moment], Select]  # the waiting rows (a model, or a model first)
    order: Callable[[Select], Select]
    item: Callable[[object, Moment], Item]
    load: tuple = ()
    more: Callable[[], str] | None = None
    bulk: Callable[[], tuple[str, str]] | None = None

    def count(self, user: User, moment: Moment) -> Select:
        waiting = self.rows(user, moment).order_by(None).subquery()
        return select(func.count()).select_from(waiting)

    def section(self, user: User, moment: Moment, count: int) -> Section:
        stmt = self.order(self.rows(user, moment)).options(*self.load).limit(SHOWN)
        rows = db.session.execute(stmt).all() if count else []
        items = [self.item(row if len(row) > 1 else row[0], moment) for row in rows]
        more = self.more() if self.more and count > SHOWN else ""
        bulk = self.bulk() if self.bulk and count else None
        return Section(self.key, self.title, count, items, more, bulk)


# ---------------------------------------------------------------- what the policies allow


def _directive_states(user: User, step: str) -> list[DirectiveState]:
    """The letter states in which the policy lets this user take the step."""
    return [
        state
        for state in DirectiveState
        if directive_page_actions(user, Directive(state=state))[step]
    ]


def _task_states(user: User, *steps: str) -> list[TaskState]:
    """The states in which the policy lets this user take one of the steps on a task of theirs
    (with no report or request pending, no extension granted yet)."""

    def allows(state: TaskState) -> bool:
        task = UnitTask(state=state, unit_id=user.unit_id, extensions_granted=0)
        actions = task_policies.task_page_actions(user, task, None, None)
        return any(actions[step] for step in steps)

    return [state for state in TaskState if allows(state)]


def _nothing(model) -> Select:
    return select(model).where(False)


def _date(value: date | datetime | None) -> str:
    if isinstance(value, datetime):
        return local_time(value)
    return value.strftime("%d/%m/%Y") if value else ""


def _short(text: str, at_most: int = 140) -> str:
    """The text, cut at a word before `at_most` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    if len(text) <= at_most:
        return text
    return text[:at_most].rsplit(" ", 1)[0] + "…"


def _task_name(task: UnitTask) -> str:
    directive = task.assignment.directive
    return (
        f"{task.unit.name} · nhiệm vụ {task.assignment.position} "
        f"văn bản {directive.number_text or 'chưa cấp số'}"
    )


TASK_LOADS = (
    selectinload(UnitTask.unit),
    selectinload(UnitTask.assignment).selectinload(Assignment.directive),
)


# ---------------------------------------------------------------- letters


def _letters_in(step: str) -> Callable[[User, Moment], Select]:
    def rows(user: User, _moment: Moment) -> Select:
        states = _directive_states(user, step)
        return (
            select(Directive).where(Directive.state.in_(states)) if states else _nothing(Directive)
        )

    return rows


def _letter_item(directive: Directive, _moment: Moment, waiting_since: str, since) -> Item:
    return Item(
        f"{directive.kind.label}: V/v {directive.subject}",
        url_for("directives.show", directive_id=directive.id),
        f"{waiting_since} {_date(since)}" if since else "",
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
    lambda d, m: _letter_item(d, m, "Trình ký", d.submitted_at),
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
        f"Ban hành {_date(d.issued_at)}",
    ),
    more=lambda: url_for("directives.index"),
)


# ---------------------------------------------------------------- reports and requests


def _reports(user: User, _moment: Moment, *, reviewing: bool) -> Select:
    roles = report_policies.REVIEWERS if reviewing else report_policies.DECIDERS
    if user.role not in roles:
        return _nothing(Report)
    stmt = select(Report).where(Report.decision == ReportDecision.PENDING)
    # The office reviews a report once; it stays the leader's to decide.
    return stmt.where(Report.office_commented_at.is_(None)) if reviewing else stmt


def _report_item(report: Report, _moment: Moment) -> Item:
    return Item(
        _task_name(report.task),
        url_for("tasks.show", task_id=report.task_id),
        f"Báo cáo ngày {_date(report.submitted_at)}",
    )


REPORT_LOADS = (
    selectinload(Report.task).selectinload(UnitTask.unit),
    selectinload(Report.task).selectinload(UnitTask.assignment).selectinload(Assignment.directive),
)

REPORTS_TO_DECIDE = Kind(
    "reports-to-decide",
    "Báo cáo chờ xác nhận",
    lambda user, moment: _reports(user, moment, reviewing=False),
    lambda stmt: stmt.order_by(Report.submitted_at.desc(), Report.id.desc()),
    _report_item,
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
        return _nothing(ExtensionRequest)
    return select(ExtensionRequest).where(ExtensionRequest.decision == ExtensionDecision.PENDING)


EXTENSIONS = Kind(
    "extensions",
    "Đề nghị gia hạn chờ quyết định",
    _extensions,
    lambda stmt: stmt.order_by(ExtensionRequest.requested_at.desc(), ExtensionRequest.id.desc()),
    lambda e, m: Item(
        _task_name(e.task),
        url_for("tasks.show", task_id=e.task_id),
        f"Xin gia hạn đến {_date(e.requested_deadline)}",
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
        return _nothing(Exemption)
    return select(Exemption).where(Exemption.state == ExemptionState.PENDING)


EXEMPTIONS = Kind(
    "exemptions",
    "Đề nghị miễn trừ chờ quyết định",
    _exemptions,
    lambda stmt: stmt.order_by(Exemption.due_at, Exemption.id),
    lambda e, m: Item(
        f"{e.unit.name} · hồ sơ {e.dossier_code} ({month(e.period)})",
        url_for("exemptions.show", exemption_id=e.id),
        f"{e.reason.label} · hạn quyết định {_date(e.due_at)}",
        late=e.due_at < m.now,
    ),
    (selectinload(Exemption.unit),),
    lambda: url_for("exemptions.index", state=ExemptionState.PENDING.value),
)


# ---------------------------------------------------------------- compliance judged on the figures


def _judged_open_tasks(user: User, *, met: bool) -> Select:
    """Open tasks whose latest month judged meets (or fails) the criterion, as
    `tasks.compliance.proposals` splits them, with that check."""
    states = _task_states(user, "confirm")
    if not states:
        return _nothing(UnitTask)
    later = aliased(CriterionCheck)
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
        _task_name(task),
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
    _judged_item,
    TASK_LOADS,
    lambda: url_for("board.leader_inbox"),
    lambda: ("Xác nhận nhiều nhiệm vụ cùng lúc", url_for("board.confirm_met")),
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


# ---------------------------------------------------------------- tasks


def _deadline_words(task: UnitTask, today: date) -> str:
    if task.deadline is None:
        return "Không có hạn"
    days = (task.deadline - today).days
    when = f"Hạn {_date(task.deadline)}"
    if days < 0:
        return f"{when} · quá hạn {-days} ngày"
    if days == 0:
        return f"{when} · hết hạn hôm nay"
    return f"{when} · còn {days} ngày"


def _is_late(task: UnitTask, today: date) -> bool:
    return task.deadline is not None and task.deadline < today


def _by_deadline(stmt: Select) -> Select:
    return stmt.order_by(UnitTask.deadline.is_(None), UnitTask.deadline, UnitTask.id)


def _overdue(user: User, moment: Moment) -> Select:
    if user.role not in task_policies.ISSUERS:
        return _nothing(UnitTask)
    return filtered_tasks(user, TaskFilters(state=OVERDUE, today=moment.today))


OVERDUE_TASKS = Kind(
    "overdue",
    "Nhiệm vụ quá hạn",
    _overdue,
    _by_deadline,
    lambda t, m: Item(
        _task_name(t), url_for("tasks.show", task_id=t.id), _deadline_words(t, m.today), late=True
    ),
    TASK_LOADS,
    lambda: url_for("board.tracking", state=OVERDUE),
)


def _own_open_tasks(user: User, _moment: Moment) -> Select:
    states = _task_states(user, "start", "report")
    if user.unit_id is None or not states:
        return _nothing(UnitTask)
    return scope_to_user(
        select(UnitTask).where(UnitTask.unit_id == user.unit_id, UnitTask.state.in_(states)),
        user,
        UnitTask.unit_id,
    )


OWN_TASKS = Kind(
    "own-tasks",
    "Nhiệm vụ đang thực hiện",
    _own_open_tasks,
    _by_deadline,
    lambda t, m: Item(
        f"Nhiệm vụ {t.assignment.position} văn bản {t.assignment.directive.number_text}: "
        f"{_short(t.assignment.heading or t.assignment.text)}",
        url_for("tasks.show", task_id=t.id),
        _deadline_words(t, m.today),
        late=_is_late(t, m.today),
    ),
    TASK_LOADS,
    lambda: url_for("tasks.index"),
)


def _returned_reports(user: User, _moment: Moment) -> Select:
    """The unit's reports returned by a leader, on tasks it has not reported on again."""
    states = _task_states(user, "report")
    if user.unit_id is None or not states:
        return _nothing(Report)
    later = aliased(Report)
    return scope_to_user(
        select(Report)
        .join(UnitTask, UnitTask.id == Report.task_id)
        .where(
            UnitTask.unit_id == user.unit_id,
            UnitTask.state.in_(states),
            Report.decision == ReportDecision.RETURNED,
            ~exists().where(later.task_id == Report.task_id, later.id > Report.id),
        ),
        user,
        UnitTask.unit_id,
    )


RETURNED_REPORTS = Kind(
    "returned-reports",
    "Báo cáo bị trả lại",
    _returned_reports,
    lambda stmt: stmt.order_by(Report.decided_at.desc(), Report.id.desc()),
    lambda r, m: Item(
        f"Nhiệm vụ {r.task.assignment.position} văn bản {r.task.assignment.directive.number_text}",
        url_for("tasks.show", task_id=r.task_id),
        f"Trả lại {_date(r.decided_at)}"
        + (f": {r.decision_comment}" if r.decision_comment else ""),
    ),
    REPORT_LOADS,
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


# ---------------------------------------------------------------- the system


LOCKED = Kind(
    "locked-accounts",
    "Tài khoản đang bị tạm khóa do đăng nhập sai",
    lambda user, moment: locked_accounts(moment.now) if user.role == Role.ADMIN else _nothing(User),
    lambda stmt: stmt.order_by(User.username),
    lambda row, m: Item(
        f"{row[0].display_name} ({row[0].username})",
        url_for("admin.users"),
        f"{row[1]} lần đăng nhập sai, lần cuối {_date(row[2])}",
    ),
)


def _expiring(user: User, moment: Moment) -> Select:
    if user.role != Role.ADMIN:
        return _nothing(Signer)
    return select(Signer).where(
        Signer.active,
        Signer.certificate_file != "",
        Signer.certificate_expires_at < moment.now + timedelta(days=CERTIFICATE_WARNING_DAYS),
    )


def _certificate_item(signer: Signer, moment: Moment) -> Item:
    expired = signer.certificate_expires_at < moment.now
    login = signer.user.username if signer.user else "…"
    return Item(
        f"{signer.full_name} · {signer.title}",
        "",
        ("Đã hết hạn " if expired else "Hết hạn ")
        + f"{_date(signer.certificate_expires_at)}; nạp chứng thư mới bằng lệnh "
        f"flask --app webapp signers cert {login} <tệp .p12>",
        late=expired,
    )


CERTIFICATES = Kind(
    "certificates",
    f"Chứng thư số hết hạn trong {CERTIFICATE_WARNING_DAYS} ngày",
    _expiring,
    lambda stmt: stmt.order_by(Signer.certificate_expires_at, Signer.id),
    _certificate_item,
    (selectinload(Signer.user),),
)


def _failed_imports(user: User, moment: Moment) -> Select:
    if user.role != Role.ADMIN:
        return _nothing(ImportRun)
    later = aliased(ImportRun)
    since = moment.now - timedelta(days=FAILED_IMPORT_DAYS)
    return select(ImportRun).where(
        ImportRun.status == ImportStatus.FAILED,
        ImportRun.created_at >= since,
        ~exists().where(
            and_(
                later.kind == ImportRun.kind,
                later.id > ImportRun.id,
                later.status == ImportStatus.DONE,
            )
        ),
    )


FAILED_IMPORTS = Kind(
    "failed-jobs",
    "Tác vụ nền không thành công (nhập số liệu)",
    _failed_imports,
    lambda stmt: stmt.order_by(ImportRun.id.desc()),
    lambda run, m: Item(
        f"{run.kind.label}: {run.file_name}",
        url_for("imports.show", run_id=run.id),
        f"Bắt đầu {_date(run.created_at)}" + (f" · {run.note}" if run.note else ""),
    ),
    more=lambda: url_for("imports.index"),
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
    """How many things wait for the user (the menu's badge), counted once a request."""
    cached = g.get("todo_total")
    if cached is not None and cached[0] == user.id:
        return cached[1]
    total = sum(_counts(user, Moment.current()))
    g.todo_total = (user.id, total)
    return total


def todo_for(user: User) -> list[Section]:
    """What waits for the user, kind by kind, each counted and its first items listed."""
    moment = Moment.current()
    counts = _counts(user, moment)
    g.todo_total = (user.id, sum(counts))
    kinds = KINDS.get(user.role, ())
    return [kind.section(user, moment, count) for kind, count in zip(kinds, counts, strict=True)]


def landing_for(user: User) -> dict:
    """What the landing page shows: the to-do sections, and for an administrator the latest
    security events beside them."""
    landing = {"sections": todo_for(user), "security_events": None}
    if user.role == Role.ADMIN:
        landing["security_events"] = recent_security_events()
    return landing
