"""What every state machine shares: a transition table, a guard, and the refusals it raises."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from workflows.errors import Conflict, InvalidInput


class TransitionRefused(Conflict):
    """The object's state does not allow this step."""

    def __init__(self, noun: str, state, action, allowed: list) -> None:
        listed = ", ".join(a.label for a in allowed)
        hint = f" Thao tác được phép: {listed}." if listed else ""
        super().__init__(
            f"Không thể {action.label} {noun} đang ở trạng thái “{state.label}”.{hint}",
            [{"field": "state", "message": f"Trạng thái hiện tại: {state.label}."}],
        )
        self.state = state
        self.action = action


class ReasonRequired(InvalidInput):
    """A step that must give its reason was asked without one."""

    def __init__(self, noun: str, action) -> None:
        super().__init__(
            f"Cần ghi rõ lý do khi {action.label} {noun}.",
            [{"field": "reason", "message": "Vui lòng nhập lý do."}],
        )
        self.action = action


class Machine:
    """A transition table over two enums, with the one guard every step goes through."""

    def __init__(
        self,
        noun: str,
        states: type[enum.Enum],
        actions: type[enum.Enum],
        transitions: dict,
        needs_reason: Iterable = (),
    ) -> None:
        self.noun = noun  # "văn bản", "nhiệm vụ": the object the messages speak of
        self.states = states
        self.actions = actions
        self.transitions = transitions
        self.needs_reason = frozenset(needs_reason)

    def guard(self, state: str, action: str, reason: str | None = None):
        """Return the state a step leads to, or raise TransitionRefused (ReasonRequired when a
        step that needs its reason has none)."""
        state, action = self.state(state), self.action(action)
        target = self.transitions.get((state, action))
        if target is None:
            raise TransitionRefused(self.noun, state, action, self.allowed_actions(state))
        if action in self.needs_reason and not (reason or "").strip():
            raise ReasonRequired(self.noun, action)
        return target

    def allowed_actions(self, state: str) -> list:
        """Return the steps allowed in a state, in the table's order."""
        state = self.state(state)
        return [action for (origin, action) in self.transitions if origin == state]

    def state(self, value: str):
        try:
            return self.states(value)
        except ValueError:
            raise InvalidInput(f"Trạng thái {self.noun} không hợp lệ: {value!r}.") from None

    def action(self, value: str):
        try:
            return self.actions(value)
        except ValueError:
            raise InvalidInput(f"Thao tác không hợp lệ: {value!r}.") from None
