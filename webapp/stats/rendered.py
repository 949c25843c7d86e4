"""Parts of pages made from the figures, kept in each worker until the figures change.

The month's dashboard of a thousand units takes a tenth of a second and more to compute and
render (the figures API's answer and the tracking board's list of units a good part of that),
yet it changes only when the figures or the units do: through an import, an exemption's
decision, or an administrator's change to a unit. Each of those writes its audit event in the
same transaction, and the audit trail is append-only, so how many such events there are (and
the time of the latest) names the data a part was made from. A part (a rendered piece of a
page, or the few values a page is built around) is kept under a key that says what it shows
and to whom (every unit for the staff, one unit for that unit's users); all parts are dropped
together once that data version moves.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Flask, current_app, g
from markupsafe import Markup
from sqlalchemy import func, select

from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.extensions import db
from webapp.security import sees_all_units

# The audit entities whose events change figures or units: every import (webapp.imports), every
# unit created or changed by an administrator (webapp.units), and the exemptions (an accepted one
# recomputes its month's figures: webapp.exemptions).
DATA_ENTITIES = ("import_run", "unit", "exemption")
EXTENSION_KEY = "dondoc_rendered_parts"
# Where a page takes its kept part; text a user typed is escaped, so it never reads like this.
PART_SLOT = Markup("<!-- kept part -->")
T = TypeVar("T")


class RenderedParts:
    """A least-recently-used store of parts made from one data version, within a memory budget."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version: Hashable | None = None
        self._parts: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0

    def get(self, version: Hashable, key: Hashable) -> Any | None:
        """Return the part kept for this key when it was made from this data version."""
        with self._lock:
            if version != self._version or key not in self._parts:
                return None
            self._parts.move_to_end(key)
            return self._parts[key][0]

    def put(self, version: Hashable, key: Hashable, part: Any, size: int) -> None:
        """Keep a part made from this data version (size in bytes); other versions' parts go."""
        if size > self.max_bytes:
            return
        with self._lock:
            if version != self._version:
                self._forget()
                self._version = version
            if key in self._parts:
                self._bytes -= self._parts.pop(key)[1]
            self._parts[key] = (part, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._bytes -= self._parts.popitem(last=False)[1][1]

    def clear(self) -> None:
        """Drop every part."""
        with self._lock:
            self._forget()
            self._version = None

    def _forget(self) -> None:
        self._parts.clear()
        self._bytes = 0


def init_rendered_parts(app: Flask) -> None:
    """Give the app its store of rendered parts (none when DASHBOARD_CACHE_MB is 0)."""
    megabytes = app.config["DASHBOARD_CACHE_MB"]
    app.extensions[EXTENSION_KEY] = RenderedParts(megabytes * 1024 * 1024) if megabytes else None


def rendered_parts(app: Flask) -> RenderedParts | None:
    """Return the app's store of rendered parts."""
    return app.extensions.get(EXTENSION_KEY)


def data_version() -> tuple:
    """Return what names the current figures and units: (how many changes, the latest's time).

    Read once per request, so every part of a page is taken from the same version.
    """
    if "figures_version" not in g:
        stmt = select(func.count(), func.max(AuditEvent.occurred_at)).where(
            AuditEvent.entity.in_(DATA_ENTITIES)
        )
        g.figures_version = tuple(db.session.execute(stmt).one())
    return g.figures_version


def latest_event() -> int:
    """Return the id of the latest audit event, which names all the data (every step writes its
    event), read once per request. Read it before the data, as `data_version`."""
    if "latest_event" not in g:
        g.latest_event = db.session.execute(select(func.max(AuditEvent.id))).scalar() or 0
    return g.latest_event


def scope_key(user: User) -> tuple:
    """Return which units' data a user sees: all of them for the staff, one for a unit's user."""
    return ("all",) if sees_all_units(user) else ("unit", user.unit_id)


def kept(user: User, key: tuple, make: Callable[[], T], size: Callable[[T], int] = len) -> T:
    """Return the part under this key for the user's scope, making it when it is not kept.

    The version is read before the figures are, so a part is never kept under a version older
    than the data it shows.
    """
    parts = rendered_parts(current_app)
    if parts is None:
        return make()
    version = data_version()
    full_key = (*key, scope_key(user))
    part = parts.get(version, full_key)
    if part is None:
        part = make()
        parts.put(version, full_key, part, size(part))
    return part


def rendered(user: User, key: tuple, render: Callable[[], str]) -> bytes:
    """Return the rendered part under this key for the user's scope, as UTF-8."""
    return kept(user, key, lambda: render().encode())


def page_around(page: str, part: bytes) -> bytes:
    """Return the page, with the kept part where PART_SLOT stands, as UTF-8.

    The part goes in as it was kept, neither escaped nor encoded again: for a table of a
    thousand units that is most of a request's work.
    """
    head, tail = page.split(PART_SLOT, 1)
    return b"".join((head.encode(), part, tail.encode()))
