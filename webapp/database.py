"""Database plumbing shared by every model: column types, clock, SQLite tuning."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import current_app, g, has_app_context, has_request_context, request
from sqlalchemy import DateTime, Enum, event
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from workflows.vietnamese_order import COLLATION, compare

# The largest id a PostgreSQL INTEGER (and so every table's key) holds.
MAX_ID = 2**31 - 1


def integer(text: str) -> int:
    """Read a whole number an INTEGER column (every id) holds from request text, or raise
    ValueError: a larger one would fail the query on PostgreSQL instead of finding nothing."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        raise ValueError(f"not an id: {text[:20]!r}")
    value = int(text)
    if value > MAX_ID:
        raise ValueError(f"not an id: {text!r}")
    return value


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite has no time zones: store the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


SQLITE_CACHE_KIB = 256 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def enum_column(cls, name: str, length: int) -> Enum:
    """Return the column type of an enum: its values as text, checked by a named constraint."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=True,
        length=length,
        name=name,
        values_callable=lambda members: [member.value for member in members],
    )


def by_vietnamese(column) -> ColumnElement:
    """Order a text column in Vietnamese order: PostgreSQL's ICU collation "vi-x-icu", and on
    SQLite the collation of the same name that copies it (registered on every connection)."""
    return column.collate(COLLATION)


def configure_sqlite(engine: Engine) -> None:
    """Give SQLite foreign keys, WAL, a page cache sized for imports, real transactions and the
    Vietnamese order."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.create_collation(COLLATION, compare)
        # Let SQLAlchemy emit BEGIN itself (pysqlite's own handling breaks SAVEPOINT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # In WAL mode NORMAL never corrupts the database; it only syncs at checkpoints.
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A million-row import touches more index pages than the default 2 MiB cache holds.
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writes_first() else "BEGIN")


def _writes_first() -> bool:
    """Whether a transaction about to begin takes SQLite's write lock at once.

    A SQLite transaction that has read cannot wait for the write lock: it fails at once when
    another connection holds it. What nearly always writes (a form or API call that changes
    something, a worker's job) therefore begins as a writer and waits (busy_timeout) behind
    another write instead of failing; reading a page begins as a reader and never waits.
    """
    if not has_app_context() or g.get("reading_only"):
        return False
    if current_app.config.get("SQLITE_BEGIN_IMMEDIATE"):
        return True
    return has_request_context() and request.method not in SAFE_METHODS


@contextmanager
def reading_only() -> Iterator[None]:
    """Begin the transactions inside as readers, in a worker too: for a job's long reading step
    (rendering letters), which would otherwise hold SQLite's write lock while it works and keep
    every other worker waiting. End the transaction before leaving, then write in a new one."""
    before = g.get("reading_only", False)
    g.reading_only = True
    try:
        yield
    finally:
        g.reading_only = before


def render_migration_item(type_, obj, autogen_context):
    """Write project column types into migrations as plain SQLAlchemy types."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
