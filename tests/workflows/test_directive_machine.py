"""The directive state machine: every (state, action) pair, allowed or refused."""

from __future__ import annotations

import itertools

import pytest

from workflows.errors import Conflict, InvalidInput
from workflows.machines.directive import (
    Action,
    ReasonRequired,
    State,
    TransitionRefused,
    allowed_actions,
    guard,
)

S, A = State, Action
EXPECTED = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.APPROVE): S.SIGNED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.DRAFT, A.EDIT): S.DRAFT,
    (S.RETURNED, A.EDIT): S.RETURNED,
    (S.SIGNED, A.ISSUE): S.ISSUED,
    (S.ISSUED, A.CLOSE): S.CLOSED,
    (S.SIGNED, A.WITHDRAW): S.WITHDRAWN,
    (S.ISSUED, A.WITHDRAW): S.WITHDRAWN,
}
EVERY_PAIR = list(itertools.product(State, Action))


@pytest.mark.parametrize(("state", "action"), EVERY_PAIR, ids=lambda v: v.value)
def test_every_state_and_action(state, action):
    expected = EXPECTED.get((state, action))
    if expected is None:
        with pytest.raises(TransitionRefused) as refused:
            guard(state, action, reason="lý do")
        assert isinstance(refused.value, Conflict)
        assert refused.value.status == 409
        assert f"Không thể {action.label}" in refused.value.message
        assert f"“{state.label}”" in refused.value.message
    else:
        assert guard(state, action, reason="lý do") == expected


def test_the_table_covers_exactly_the_expected_steps():
    allowed = {(s, a) for s, a in EVERY_PAIR if a in allowed_actions(s)}

    assert allowed == set(EXPECTED)


@pytest.mark.parametrize("action", [A.WITHDRAW, A.RETURN])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_withdraw_and_return_need_a_reason(action, reason):
    state = S.SIGNED if action == A.WITHDRAW else S.SUBMITTED

    with pytest.raises(ReasonRequired) as refused:
        guard(state, action, reason=reason)

    assert isinstance(refused.value, InvalidInput)
    assert "lý do" in refused.value.message


def test_a_forbidden_step_is_refused_before_its_reason_is_asked():
    with pytest.raises(TransitionRefused):
        guard(S.CLOSED, A.WITHDRAW)


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.RETURNED])
def test_only_a_signed_letter_is_withdrawn(state):
    assert A.WITHDRAW not in allowed_actions(state)
    with pytest.raises(TransitionRefused):
        guard(state, A.WITHDRAW, reason="Không cần nữa.")


@pytest.mark.parametrize(("state", "action"), [("archived", "submit"), ("draft", "publish")])
def test_unknown_states_and_actions_are_invalid_input(state, action):
    with pytest.raises(InvalidInput):
        guard(state, action)


def test_the_refusal_names_what_is_allowed():
    with pytest.raises(TransitionRefused) as refused:
        guard(S.SIGNED, A.EDIT)

    assert refused.value.message == (
        "Không thể chỉnh sửa văn bản đang ở trạng thái “Đã ký”. "
        "Thao tác được phép: ban hành, thu hồi."
    )
