"""The life of a directive letter: from draft to signed, issued and closed, or withdrawn."""

from __future__ import annotations

import enum

from workflows.machines.base import Machine, ReasonRequired, TransitionRefused


class State(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    SIGNED = "signed"
    ISSUED = "issued"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


class Action(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    EDIT = "edit"
    ISSUE = "issue"
    CLOSE = "close"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


STATE_LABELS = {
    State.DRAFT: "Dự thảo",
    State.SUBMITTED: "Chờ ký",
    State.RETURNED: "Trả lại",
    State.SIGNED: "Đã ký",
    State.ISSUED: "Đã ban hành",
    State.CLOSED: "Đã kết thúc",
    State.WITHDRAWN: "Thu hồi",
}

ACTION_LABELS = {
    Action.SUBMIT: "trình ký",
    Action.APPROVE: "ký duyệt",
    Action.RETURN: "trả lại",
    Action.EDIT: "chỉnh sửa",
    Action.ISSUE: "ban hành",
    Action.CLOSE: "kết thúc",
    Action.WITHDRAW: "thu hồi",
}

# Only a signed letter is withdrawn (thu hồi): one still in the making is returned or edited.
WITHDRAWABLE = (State.SIGNED, State.ISSUED)

TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.DRAFT, Action.SUBMIT): State.SUBMITTED,
    (State.RETURNED, Action.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Action.APPROVE): State.SIGNED,
    (State.SUBMITTED, Action.RETURN): State.RETURNED,
    # Editing keeps the state: only a draft, or one the leader sent back, may change.
    (State.DRAFT, Action.EDIT): State.DRAFT,
    (State.RETURNED, Action.EDIT): State.RETURNED,
    (State.SIGNED, Action.ISSUE): State.ISSUED,
    (State.ISSUED, Action.CLOSE): State.CLOSED,
    **{(state, Action.WITHDRAW): State.WITHDRAWN for state in WITHDRAWABLE},
}

# Steps that must say why: returning a draft to its author, withdrawing a letter.
NEEDS_REASON = frozenset({Action.RETURN, Action.WITHDRAW})

MACHINE = Machine("văn bản", State, Action, TRANSITIONS, NEEDS_REASON)
guard = MACHINE.guard
allowed_actions = MACHINE.allowed_actions

__all__ = ["ReasonRequired", "TransitionRefused", "allowed_actions", "guard"]
