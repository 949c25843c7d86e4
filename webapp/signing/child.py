"""Run a check in a forked child process that the parent kills at a hard deadline, so that no
file, however it is built, holds a server worker longer than that.

The check itself stops at its own deadline between reads; the child is for the work no read
interrupts (a cross-reference table of millions of entries is parsed before any object is read).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import warnings
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)
Result = TypeVar("Result")


class ChildStopped(Exception):
    """The child process was killed at its deadline, or died, before it answered."""


def run_in_child(function: Callable[..., Result], *args, seconds: float) -> Result:
    """Return function(*args) computed in a forked child killed after `seconds` (ChildStopped)."""
    # An exception the function raises in the child is raised here.
    if "fork" not in multiprocessing.get_all_start_methods():
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(sender, function, args), daemon=True)
    with warnings.catch_warnings():
        # Python 3.12+ warns that a child forked from a threaded server may wait forever on a
        # lock another thread held: this one is killed at its deadline whatever it waits for.
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        child.start()
    sender.close()
    try:
        answered = receiver.poll(seconds)
        outcome = receiver.recv() if answered else None
    except (EOFError, OSError):
        outcome = None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome is None:
        log.warning("check in child %s stopped after %.1f s", child.pid, seconds)
        raise ChildStopped
    succeeded, value = outcome
    if not succeeded:
        raise value
    return value


def _answer(sender, function: Callable, args: tuple) -> None:
    # The collector's passes over what the child inherited would touch, and so copy, nearly
    # every page of the parent's memory; nothing inherited becomes garbage in a short check.
    gc.freeze()
    try:
        outcome = (True, function(*args))
    except Exception as exc:  # sent back to be raised in the parent
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # an answer that does not pickle: its description instead
        sender.send((False, RuntimeError(f"{outcome!r:.300}: {exc}")))
    sender.close()
