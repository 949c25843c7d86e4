"""The menu's count of what waits for each person, kept in each worker between pages.

Every page shows the count, and counting asks every kind of work of the role; yet the count moves
only when something is done (each step writes its audit event in its transaction, and the trail
is append-only, so the latest event's id names the data), or when the day turns (a task falls
overdue, a letter stops being new). A count is kept under the user, the day and that id, and for
a minute at most, for what changes without an event of its own. The to-do page always counts
afresh and keeps what it counted.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

from flask import Flask, current_app, g
from sqlalchemy import func, select

from webapp.audit.models import AuditEvent
from webapp.extensions import db

EXTENSION_KEY = "dondoc_kept_totals"
KEPT_SECONDS = 60
KEPT_USERS = 10_000


class KeptTotals:
    """Counts by user, each under the data version it was counted at, for a limited time."""

    def __init__(self, seconds: float = KEPT_SECONDS, users: int = KEPT_USERS) -> None:
        self.seconds = seconds
        self.users = users
        self._lock = threading.Lock()
        self._totals: OrderedDict[int, tuple[Hashable, float, int]] = OrderedDict()

    def get(self, user_id: int, version: Hashable) -> int | None:
        with self._lock:
            kept = self._totals.get(user_id)
            if kept is None or kept[0] != version or kept[1] < time.monotonic():
                return None
            return kept[2]

    def put(self, user_id: int, version: Hashable, total: int) -> None:
        with self._lock:
            self._totals.pop(user_id, None)
            self._totals[user_id] = (version, time.monotonic() + self.seconds, total)
            while len(self._totals) > self.users:
                self._totals.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._totals.clear()


def init_kept_totals(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = KeptTotals()


def kept_totals(app: Flask) -> KeptTotals | None:
    return app.extensions.get(EXTENSION_KEY)


def latest_event() -> int:
    """The id of the latest audit event, read once a request."""
    if "latest_event" not in g:
        g.latest_event = db.session.execute(select(func.max(AuditEvent.id))).scalar() or 0
    return g.latest_event


def kept_total(user_id: int, day) -> int | None:
    store = kept_totals(current_app)
    return store.get(user_id, (day, latest_event())) if store is not None else None


def keep_total(user_id: int, day, total: int) -> None:
    store = kept_totals(current_app)
    if store is not None:
        store.put(user_id, (day, latest_event()), total)
