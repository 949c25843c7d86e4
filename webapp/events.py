"""The named events of the monthly chain, and who listens to each: the one page to read the cycle.

figures_changed(periods)
    Sent by an import once the months' figures are recomputed. Listener: judge_criteria, which
    judges every open task's criterion against those months and proposes confirmations and
    follow-ups (tasks.compliance). Runs inside the sender's transaction: the figures and the
    judgement are kept together or not at all.
directive_signed(directive)
    Sent by signing (page, API, command line) once the signature is committed. Listener:
    directives.operations.after_signing, which queues the rendering and signing of the letter's
    DOCX and PDF. Runs after commit, as a job; a lost job is found again by the recovery sweep.

Listeners are connected by the app factory (connect_listeners); senders know the event only.
"""

from __future__ import annotations

from blinker import Namespace

from webapp.directives.operations import after_signing
from webapp.tasks.compliance import evaluate_criteria

signals = Namespace()
figures_changed = signals.signal("figures-changed", doc="A month's figures were recomputed.")
directive_signed = signals.signal("directive-signed", doc="A letter was signed and numbered.")


def judge_criteria(_sender, *, periods: list[str]) -> None:
    """Judge the open tasks' criteria against the months whose figures changed."""
    evaluate_criteria(periods)


def connect_listeners() -> None:
    """Connect every listener to its event (connecting twice changes nothing)."""
    figures_changed.connect(judge_criteria)
    directive_signed.connect(after_signing)
