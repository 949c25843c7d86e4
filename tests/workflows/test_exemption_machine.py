"""The exemption request's machine: decisions from pending only, with a comment; reopening."""

from __future__ import annotations

import pytest

from workflows.machines.base import ReasonRequired, TransitionRefused
from workflows.machines.exemption import Action, State, allowed_actions, guard


def test_a_pending_request_is_accepted_rejected_or_withdrawn():
    assert guard("pending", "accept", "Có biên bản") == State.ACCEPTED
    assert guard("pending", "reject", "Không đủ căn cứ") == State.REJECTED
    assert guard("pending", "withdraw") == State.WITHDRAWN
    assert allowed_actions("pending") == [Action.ACCEPT, Action.REJECT, Action.WITHDRAW]


def test_a_decision_needs_a_comment_and_comes_once():
    with pytest.raises(ReasonRequired):
        guard("pending", "accept", "  ")
    for state in ("accepted", "rejected", "withdrawn"):
        with pytest.raises(TransitionRefused):
            guard(state, "accept", "lần hai")
    with pytest.raises(TransitionRefused):
        guard("accepted", "withdraw")


def test_a_decision_reopens_when_the_dossier_changes_but_a_withdrawal_stays():
    assert guard("accepted", "reopen") == State.PENDING
    assert guard("rejected", "reopen") == State.PENDING
    with pytest.raises(TransitionRefused):
        guard("withdrawn", "reopen")
