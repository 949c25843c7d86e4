"""The life of a unit's task: from assigned to reported, accepted and confirmed by the figures.

One task per assignment and unit (the lead unit, chủ trì, or a supporting one, phối hợp). Being
overdue is not a state: it is read from the deadline. A deadline may be extended at most twice.
"""

from __future__ import annotations

import enum
from datetime import date

from workflows.errors import Conflict, InvalidInput
from workflows.machines.base import Machine, ReasonRequired, TransitionRefused

MAX_EXTENSIONS = 2


class State(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    REPORTED = "reported"
    ACCEPTED = "accepted"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


class Action(enum.StrEnum):
    START = "start"
    REPORT = "report"
    ACCEPT = "accept"
    RETURN = "return"
    CONFIRM = "confirm"
    WITHDRAW = "withdraw"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


STATE_LABELS = {
    State.NOT_STARTED: "Chưa triển khai",
    State.IN_PROGRESS: "Đang triển khai",
    State.REPORTED: "Chờ xác nhận",
    State.ACCEPTED: "Hoàn thành",
    State.CONFIRMED: "Đã xác nhận khắc phục",
    State.WITHDRAWN: "Thu hồi",
}

ACTION_LABELS = {
    Action.START: "bắt đầu triển khai",
    Action.REPORT: "báo cáo kết quả",
    Action.ACCEPT: "xác nhận đạt",
    Action.RETURN: "trả lại (chưa đạt)",
    Action.CONFIRM: "xác nhận đã khắc phục",
    Action.WITHDRAW: "thu hồi",
    Action.REQUEST_EXTENSION: "xin gia hạn",
    Action.DECIDE_EXTENSION: "quyết định gia hạn",
}

STATE_VALUES = frozenset(state.value for state in State)
OPEN = (State.NOT_STARTED, State.IN_PROGRESS, State.REPORTED, State.ACCEPTED)
# States in which the unit is still working: reminders go out, deadlines can be extended.
WORKING = (State.NOT_STARTED, State.IN_PROGRESS)
# A task in these states is overdue once its deadline has passed.
LATE_WHEN_PAST_DEADLINE = (*WORKING, State.REPORTED)

TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.NOT_STARTED, Action.START): State.IN_PROGRESS,
    (State.NOT_STARTED, Action.REPORT): State.REPORTED,
    (State.IN_PROGRESS, Action.REPORT): State.REPORTED,
    (State.REPORTED, Action.ACCEPT): State.ACCEPTED,
    (State.REPORTED, Action.RETURN): State.IN_PROGRESS,
    # The leader confirms compliance from what the figures show, reported or not.
    **{(state, Action.CONFIRM): State.CONFIRMED for state in OPEN},
    **{(state, Action.WITHDRAW): State.WITHDRAWN for state in OPEN},
    # Asking for more time and deciding on it keep the state.
    **{(state, Action.REQUEST_EXTENSION): state for state in WORKING},
    **{(state, Action.DECIDE_EXTENSION): state for state in WORKING},
}

NEEDS_REASON = frozenset({Action.RETURN, Action.WITHDRAW, Action.REQUEST_EXTENSION})


MACHINE = Machine("nhiệm vụ", State, Action, TRANSITIONS, NEEDS_REASON)
guard = MACHINE.guard
allowed_actions = MACHINE.allowed_actions

__all__ = ["ReasonRequired", "TransitionRefused", "allowed_actions", "guard"]


def guard_extension(
    granted: int, pending: bool, current: date, requested: date | None, today: date
) -> None:
    """Refuse a request for more time: a third one, one while another waits, or a new deadline
    no later than the current one or already past."""
    if granted >= MAX_EXTENSIONS:
        raise Conflict(f"Nhiệm vụ đã được gia hạn {MAX_EXTENSIONS} lần, không thể gia hạn thêm.")
    if pending:
        raise Conflict("Đã có một đề nghị gia hạn đang chờ lãnh đạo quyết định.")
    if requested is None or requested <= current or requested < today:
        raise InvalidInput(
            "Hạn mới phải sau hạn hiện tại và không ở trong quá khứ.",
            [{"field": "deadline", "message": f"Hạn hiện tại: {current:%d/%m/%Y}."}],
        )


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    """Tell whether a task still being worked on has passed its deadline."""
    return (
        MACHINE.state(state) in LATE_WHEN_PAST_DEADLINE
        and deadline is not None
        and today > deadline
    )


def completed_late(deadline: date | None, completed_on: date) -> bool:
    """Tell whether a task accepted on this day was completed after its deadline."""
    return deadline is not None and completed_on > deadline


def display_label(state: str, deadline: date | None, today: date, late: bool = False) -> str:
    """Return the tracking words for a task: "Đang triển khai – quá hạn", "Hoàn thành sau hạn", ..."""
    state = MACHINE.state(state)
    if state == State.ACCEPTED and late:
        return "Hoàn thành sau hạn"
    if is_overdue(state, deadline, today):
        return f"{state.label} – quá hạn"
    return state.label
