"""What waits for each person (the menu's count, and the to-do page's sections), kept in each
worker between pages.

Every page shows the count, and counting asks every kind of work of the role; yet what waits
moves only when something is done (each step writes its audit event in its transaction, and the
trail is append-only, so the latest event's id names the data), or when the day turns (a task
falls overdue, a letter stops being new). What waits is kept under the user, the day and that id,
and for a minute at most, for what changes without an event of its own (an account locked by
failed logins, an import that failed in the worker).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask, current_app

from webapp.stats.rendered import latest_event

EXTENSION_KEY = "dondoc_kept_todo"
KEPT_SECONDS = 60
KEPT_USERS = 10_000


@dataclass(frozen=True)
class Waiting:
    """What waits for one person: the count, and the to-do page's sections once it was shown."""

    total: int
    sections: tuple[Any, ...] | None = None


class KeptTodo:
    """What waits, by user, each under the data version it was read at, for a limited time."""

    def __init__(self, seconds: float = KEPT_SECONDS, users: int = KEPT_USERS) -> None:
        self.seconds = seconds
        self.users = users
        self._lock = threading.Lock()
        self._kept: OrderedDict[int, tuple[Hashable, float, Waiting]] = OrderedDict()

    def get(self, user_id: int, version: Hashable) -> Waiting | None:
        with self._lock:
            kept = self._kept.get(user_id)
            if kept is None or kept[0] != version or kept[1] < time.monotonic():
                return None
            return kept[2]

    def put(self, user_id: int, version: Hashable, waiting: Waiting) -> None:
        with self._lock:
            self._kept.pop(user_id, None)
            self._kept[user_id] = (version, time.monotonic() + self.seconds, waiting)
            while len(self._kept) > self.users:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


def init_kept_todo(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = KeptTodo()


def kept_todo(app: Flask) -> KeptTodo | None:
    return app.extensions.get(EXTENSION_KEY)


def kept_waiting(user_id: int, day: date) -> Waiting | None:
    store = kept_todo(current_app)
    return store.get(user_id, (day, latest_event())) if store is not None else None


def keep_waiting(user_id: int, day: date, waiting: Waiting) -> None:
    store = kept_todo(current_app)
    if store is not None:
        store.put(user_id, (day, latest_event()), waiting)
