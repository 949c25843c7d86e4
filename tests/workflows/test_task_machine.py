"""The unit task machine: every allowed and every forbidden step, reasons, extensions, lateness."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workflows.errors import Conflict, InvalidInput
from workflows.machines.task import (
    MAX_EXTENSIONS,
    TRANSITIONS,
    Action,
    State,
    TransitionRefused,
    allowed_actions,
    completed_late,
    display_label,
    guard,
    guard_extension,
    is_overdue,
)

ALLOWED = {
    (State.NOT_STARTED, Action.START): State.IN_PROGRESS,
    (State.NOT_STARTED, Action.REPORT): State.REPORTED,
    (State.IN_PROGRESS, Action.REPORT): State.REPORTED,
    (State.REPORTED, Action.ACCEPT): State.ACCEPTED,
    (State.REPORTED, Action.RETURN): State.IN_PROGRESS,
    (State.NOT_STARTED, Action.CONFIRM): State.CONFIRMED,
    (State.IN_PROGRESS, Action.CONFIRM): State.CONFIRMED,
    (State.REPORTED, Action.CONFIRM): State.CONFIRMED,
    (State.ACCEPTED, Action.CONFIRM): State.CONFIRMED,
    (State.NOT_STARTED, Action.WITHDRAW): State.WITHDRAWN,
    (State.IN_PROGRESS, Action.WITHDRAW): State.WITHDRAWN,
    (State.REPORTED, Action.WITHDRAW): State.WITHDRAWN,
    (State.ACCEPTED, Action.WITHDRAW): State.WITHDRAWN,
    (State.NOT_STARTED, Action.REQUEST_EXTENSION): State.NOT_STARTED,
    (State.IN_PROGRESS, Action.REQUEST_EXTENSION): State.IN_PROGRESS,
    (State.NOT_STARTED, Action.DECIDE_EXTENSION): State.NOT_STARTED,
    (State.IN_PROGRESS, Action.DECIDE_EXTENSION): State.IN_PROGRESS,
}
EVERY_STEP = [(state, action) for state in State for action in Action]


def test_the_table_is_exactly_the_allowed_steps():
    assert TRANSITIONS == ALLOWED


@pytest.mark.parametrize(("state", "action"), EVERY_STEP)
def test_each_step_is_allowed_or_refused_with_a_message(state, action):
    reason = "Lý do cụ thể"
    if (state, action) in ALLOWED:
        assert guard(state.value, action.value, reason) == ALLOWED[state, action]
        assert action in allowed_actions(state)
    else:
        with pytest.raises(TransitionRefused) as refused:
            guard(state.value, action.value, reason)
        assert state.label in refused.value.message
        assert action not in allowed_actions(state)


@pytest.mark.parametrize("action", [Action.RETURN, Action.WITHDRAW, Action.REQUEST_EXTENSION])
def test_returning_withdrawing_and_asking_for_time_need_a_reason(action):
    state = next(origin for origin, step in ALLOWED if step == action)
    with pytest.raises(InvalidInput):
        guard(state, action, "  ")


def test_closed_tasks_allow_nothing():
    assert allowed_actions(State.CONFIRMED) == []
    assert allowed_actions(State.WITHDRAWN) == []


def test_unknown_states_and_actions_are_refused():
    with pytest.raises(InvalidInput):
        guard("lost", "report")
    with pytest.raises(InvalidInput):
        guard("in_progress", "fly")


def test_at_most_two_extensions_one_at_a_time_to_a_later_future_day():
    today, deadline = date(2024, 2, 1), date(2024, 2, 10)
    guard_extension(0, False, deadline, deadline + timedelta(days=5), today)
    guard_extension(MAX_EXTENSIONS - 1, False, deadline, deadline + timedelta(days=5), today)
    with pytest.raises(Conflict):
        guard_extension(MAX_EXTENSIONS, False, deadline, deadline + timedelta(days=5), today)
    with pytest.raises(Conflict):
        guard_extension(0, True, deadline, deadline + timedelta(days=5), today)
    for bad in (deadline, deadline - timedelta(days=1), None):
        with pytest.raises(InvalidInput):
            guard_extension(0, False, deadline, bad, today)
    with pytest.raises(InvalidInput):
        guard_extension(0, False, date(2024, 1, 1), date(2024, 1, 20), today)


def test_overdue_is_read_from_the_deadline_and_late_completion_is_named():
    deadline = date(2024, 2, 10)
    assert not is_overdue(State.IN_PROGRESS, deadline, deadline)
    assert is_overdue(State.IN_PROGRESS, deadline, deadline + timedelta(days=1))
    assert is_overdue(State.REPORTED, deadline, deadline + timedelta(days=1))
    assert not is_overdue(State.ACCEPTED, deadline, deadline + timedelta(days=1))
    assert not is_overdue(State.IN_PROGRESS, None, deadline)
    late_day = deadline + timedelta(days=1)
    assert display_label(State.IN_PROGRESS, deadline, late_day) == "Đang triển khai – quá hạn"
    assert completed_late(deadline, late_day) and not completed_late(deadline, deadline)
    assert display_label(State.ACCEPTED, deadline, late_day, late=True) == "Hoàn thành sau hạn"
    assert display_label(State.ACCEPTED, deadline, late_day) == "Hoàn thành"
