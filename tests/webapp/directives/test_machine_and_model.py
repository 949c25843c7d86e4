"""The directive machine of the core and the letter model of the app agree on every state."""

from __future__ import annotations

from webapp.directives.models import DirectiveState
from workflows.machines.directive import State, guard

S = State


def test_plain_strings_and_model_states_are_accepted():
    assert guard("draft", "submit") == S.SUBMITTED
    assert guard(DirectiveState.SUBMITTED, "approve") == DirectiveState.SIGNED


def test_the_machine_states_are_the_models_states():
    assert [s.value for s in State] == [s.value for s in DirectiveState]
    assert [s.label for s in State] == [s.label for s in DirectiveState]
