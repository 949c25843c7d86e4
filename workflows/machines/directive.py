"""The life of a directive letter: from draft to signed, issued and closed, or withdrawn."""

from __future__ import annotations

import enum

from workflows.errors import Conflict, InvalidInput


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

WITHDRAWABLE = (State.DRAFT, State.SUBMITTED, State.RETURNED, State.SIGNED, State.ISSUED)

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


class TransitionRefused(Conflict):
    """The letter's state does not allow this step."""

    def __init__(self, state: State, action: Action) -> None:
        allowed = ", ".join(a.label for a in allowed_actions(state))
        hint = f" Thao tác được phép: {allowed}." if allowed else ""
        super().__init__(
            f"Không thể {action.label} văn bản đang ở trạng thái “{state.label}”.{hint}",
            [{"field": "state", "message": f"Trạng thái hiện tại: {state.label}."}],
        )
        self.state = state
        self.action = action


class ReasonRequired(InvalidInput):
    """A step that must give its reason was asked without one."""

    def __init__(self, action: Action) -> None:
        super().__init__(
            f"Cần ghi rõ lý do khi {action.label} văn bản.",
            [{"field": "reason", "message": "Vui lòng nhập lý do."}],
        )
        self.action = action


def guard(state: str, action: str, reason: str | None = None) -> State:
    """Return the state a step leads to, or raise TransitionRefused (ReasonRequired without a reason)."""
    state, action = _state(state), _action(action)
    target = TRANSITIONS.get((state, action))
    if target is None:
        raise TransitionRefused(state, action)
    if action in NEEDS_REASON and not (reason or "").strip():
        raise ReasonRequired(action)
    return target


def allowed_actions(state: str) -> list[Action]:
    """Return the steps a letter in this state may take, in the table's order."""
    state = _state(state)
    return [action for (origin, action) in TRANSITIONS if origin == state]


def _state(value: str) -> State:
    try:
        return State(value)
    except ValueError:
        raise InvalidInput(f"Trạng thái văn bản không hợp lệ: {value!r}.") from None


def _action(value: str) -> Action:
    try:
        return Action(value)
    except ValueError:
        raise InvalidInput(f"Thao tác không hợp lệ: {value!r}.") from None
