"""What one kind of waiting work is (a statement of the rows waiting, counted and listed the same
way for the menu and the page), and the helpers every kind shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from webapp.auth.models import Role, User
from webapp.database import utcnow
from webapp.directives.models import Assignment, Directive, DirectiveState
from webapp.directives.policies import directive_page_actions
from webapp.extensions import db
from webapp.formatting import local_time
from webapp.reports.models import Report
from webapp.tasks import policies as task_policies
from webapp.tasks.models import UnitTask
from workflows.machines.task import State as TaskState
from workflows.periods import local_today

# How many items of a kind the page lists; the rest are behind the kind's own page.
SHOWN = 10
# A kind whose items are ticked and acted on at once lists this many, so that a month's work is
# done from the page in one step.
PICKED_SHOWN = 100
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
    # Its place in the section's form, when the section acts on the ticked items at once:
    # (the group the form acts on, e.g. a month; the item's value).
    pick: tuple[str, str] | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    count: int
    items: list[Item]
    more: str = ""  # the page listing every item of the kind, when there are more than shown
    # One action over all the items at once (label, link), e.g. confirming a month's tasks.
    bulk: tuple[str, str] | None = None
    # The same action taken here on the items listed (label, the form's action): each item of
    # the first item's group comes ticked and can be unticked.
    pick: tuple[str, str] | None = None

    @property
    def pick_group(self) -> str | None:
        """The group the section's form acts on: the first item's."""
        if self.pick is None or not self.items or self.items[0].pick is None:
            return None
        return self.items[0].pick[0]


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
    pick: Callable[[], tuple[str, str]] | None = None

    def count(self, user: User, moment: Moment) -> Select:
        waiting = self.rows(user, moment).order_by(None).subquery()
        return select(func.count()).select_from(waiting)

    def section(self, user: User, moment: Moment, count: int) -> Section:
        shown = PICKED_SHOWN if self.pick else SHOWN
        stmt = self.order(self.rows(user, moment)).options(*self.load).limit(shown)
        rows = db.session.execute(stmt).all() if count else []
        items = [self.item(row if len(row) > 1 else row[0], moment) for row in rows]
        more = self.more() if self.more and count > shown else ""
        bulk = self.bulk() if self.bulk and count else None
        pick = self.pick() if self.pick and count else None
        return Section(self.key, self.title, count, items, more, bulk, pick)


# ---------------------------------------------------------------- what the policies allow


def directive_states(user: User, step: str) -> list[DirectiveState]:
    """The letter states in which the policy lets this user take the step."""
    return list(_directive_states(user.role, step))


def task_states(user: User, *steps: str) -> list[TaskState]:
    """The states in which the policy lets this user take one of the steps on a task of theirs
    (with no report or request pending, no extension granted yet)."""
    return list(_task_states(user.role, user.unit_id is not None, steps))


# The policies answer from the role alone (and, for a unit's user, whether the task is the unit's
# own), so each question is asked once a process.
@cache
def _directive_states(role: Role, step: str) -> tuple[DirectiveState, ...]:
    someone = User(role=role)
    return tuple(
        state
        for state in DirectiveState
        if directive_page_actions(someone, Directive(state=state))[step]
    )


@cache
def _task_states(role: Role, has_unit: bool, steps: tuple[str, ...]) -> tuple[TaskState, ...]:
    unit_id = 0 if has_unit else None
    someone = User(role=role, unit_id=unit_id)

    def allows(state: TaskState) -> bool:
        task = UnitTask(state=state, unit_id=unit_id, extensions_granted=0)
        actions = task_policies.task_page_actions(someone, task, None, None)
        return any(actions[step] for step in steps)

    return tuple(state for state in TaskState if allows(state))


def nothing(model) -> Select:
    return select(model).where(False)


def day_text(value: date | datetime | None) -> str:
    if isinstance(value, datetime):
        return local_time(value)
    return value.strftime("%d/%m/%Y") if value else ""


def shortened(text: str, at_most: int = 140) -> str:
    """The text, cut at a word before `at_most` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    if len(text) <= at_most:
        return text
    return text[:at_most].rsplit(" ", 1)[0] + "…"


def evidence_text(count: int) -> str:
    return f"{count} tệp minh chứng" if count else "không có tệp minh chứng"


def task_name(task: UnitTask) -> str:
    directive = task.assignment.directive
    return (
        f"{task.unit.name} · nhiệm vụ {task.assignment.position} "
        f"văn bản {directive.number_text or 'chưa cấp số'}"
    )


TASK_LOADS = (
    selectinload(UnitTask.unit),
    selectinload(UnitTask.assignment).selectinload(Assignment.directive),
)
REPORT_LOADS = (
    selectinload(Report.evidence),
    selectinload(Report.task).selectinload(UnitTask.unit),
    selectinload(Report.task).selectinload(UnitTask.assignment).selectinload(Assignment.directive),
)
