"""The life of a request for exemption (đề nghị miễn trừ): a unit disputes a dossier counted late.

pending → accepted | rejected (the office or a leader decides, with a comment);
pending → withdrawn (the unit takes it back). A decided request goes back to pending when a later
import changes the dossier's own dates: the decision was about other facts.
"""

from __future__ import annotations

import enum

from workflows.machines.base import Machine


class State(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


class Action(enum.StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


class Reason(enum.StrEnum):
    SOFTWARE_ERROR = "software_error"
    RETURNED_ON_TIME = "returned_on_time"
    DATA_ERROR = "data_error"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


STATE_LABELS = {
    State.PENDING: "Chờ xem xét",
    State.ACCEPTED: "Chấp nhận",
    State.REJECTED: "Không chấp nhận",
    State.WITHDRAWN: "Đơn vị đã rút",
}
ACTION_LABELS = {
    Action.ACCEPT: "chấp nhận",
    Action.REJECT: "không chấp nhận",
    Action.WITHDRAW: "rút",
    Action.REOPEN: "xem xét lại",
}
REASON_LABELS = {
    Reason.SOFTWARE_ERROR: "Lỗi phần mềm",
    Reason.RETURNED_ON_TIME: "Đã trả kết quả cho công dân đúng hạn",
    Reason.DATA_ERROR: "Sai sót dữ liệu",
    Reason.OTHER: "Lý do khác",
}

TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.PENDING, Action.ACCEPT): State.ACCEPTED,
    (State.PENDING, Action.REJECT): State.REJECTED,
    (State.PENDING, Action.WITHDRAW): State.WITHDRAWN,
    (State.ACCEPTED, Action.REOPEN): State.PENDING,
    (State.REJECTED, Action.REOPEN): State.PENDING,
}
# A decision says why, in a comment the unit reads.
NEEDS_REASON = frozenset({Action.ACCEPT, Action.REJECT})
# States that block a new request on the same dossier.
OPEN = (State.PENDING, State.ACCEPTED)

MACHINE = Machine("đề nghị miễn trừ", State, Action, TRANSITIONS, NEEDS_REASON)
guard = MACHINE.guard
allowed_actions = MACHINE.allowed_actions
