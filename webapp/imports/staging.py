"""Store checked rows by their natural key, chunk by chunk, in the caller's transaction.

Each chunk goes into a temporary staging table (executemany on SQLite, COPY on PostgreSQL) and
from there into its table in set-based statements. A chunk is first inserted whole, under a
savepoint: new rows cost one pass through the key's index. Once a key turns out to be stored
already, that chunk and every later one take the longer way: new keys are inserted and stored rows
updated where a value changed, after `replacing` (when given) has seen the stored rows they replace.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db

SQL_TYPES = {"text": "TEXT", "int": "INTEGER", "time": "TIMESTAMPTZ"}


@dataclass(frozen=True)
class MergeCounts:
    added: int
    updated: int


def dialect() -> str:
    return db.session.get_bind().dialect.name


def timestamp_suffix() -> str:
    """Return what follows a UTC time's ISO text on this database ("+00" names the zone)."""
    return "+00" if dialect() == "postgresql" else ""


def timestamp_writer():
    """Return how a naive-UTC datetime is written on this database.

    On SQLite it is the same text SQLAlchemy writes for a UTC timestamp, so values compare equal.
    """
    suffix = timestamp_suffix()
    return lambda moment: moment.isoformat(" ", "microseconds") + suffix


def chunk_writer(
    target: str,
    columns: Sequence[tuple[str, str]],
    key: Sequence[str],
    replacing: Callable[[str], None] | None = None,
) -> ChunkWriter:
    """Return the writer of checked rows into `target` for this database.

    `replacing` is given the staging table of a chunk whose keys may be stored already, before
    the stored rows change.
    """
    writer = CopyChunkWriter if dialect() == "postgresql" else SqliteChunkWriter
    return writer(target, columns, key, replacing)


class ChunkWriter(ABC):
    """Chunks of rows merged into one table by its natural key, in the caller's transaction."""

    def __init__(self, target, columns, key, replacing) -> None:
        self.target = target
        self.staging = f"staging_{target}"
        self.columns = [name for name, _ in columns]
        self.key = list(key)
        self.values = [name for name in self.columns if name not in self.key]
        self.replacing = replacing
        self.added = self.updated = 0
        # Whether a chunk met a key stored before: from then on every chunk is merged.
        self.merging = False
        session = db.session
        session.execute(text(f"DROP TABLE IF EXISTS {self._temporary(self.staging)}"))
        session.execute(text(self._create_staging(columns)))
        names, key_names = ", ".join(self.columns), ", ".join(self.key)
        self.insert_all = text(
            f"INSERT INTO {target} ({names}) SELECT {names} FROM {self.staging} "
            f"ORDER BY {key_names}"
        )
        self.insert_new = text(
            f"INSERT INTO {target} ({names}) SELECT {names} FROM {self.staging} WHERE true "
            f"ORDER BY {key_names} ON CONFLICT ({key_names}) DO NOTHING"
        )
        join = " AND ".join(f"t.{name} = s.{name}" for name in self.key)
        changed = " OR ".join(self._differs(f"t.{name}", f"s.{name}") for name in self.values)
        assignments = ", ".join(f"{name} = s.{name}" for name in self.values)
        self.update_changed = text(
            f"UPDATE {target} AS t SET {assignments} FROM {self.staging} AS s "
            f"WHERE {join} AND ({changed})"
        )

    def write(self, rows: list[tuple]) -> None:
        """Store one chunk: insert the new keys, update the stored ones that changed."""
        session = db.session
        self._stage(rows)
        if not self.merging:
            try:
                with session.begin_nested():
                    session.execute(self.insert_all)
            except IntegrityError:
                self.merging = True
            else:
                self.added += len(rows)
        if self.merging:
            if self.replacing is not None:
                self.replacing(self.staging)
            self.added += session.execute(self.insert_new).rowcount
            self.updated += session.execute(self.update_changed).rowcount
        session.execute(text(self._empty_staging()))

    def finish(self) -> MergeCounts:
        """Drop the staging table; return how many rows were added and updated."""
        db.session.execute(text(f"DROP TABLE IF EXISTS {self._temporary(self.staging)}"))
        return MergeCounts(added=self.added, updated=self.updated)

    def _raw(self):
        return db.session.connection().connection.dbapi_connection

    @abstractmethod
    def _temporary(self, name: str) -> str:
        """Return the name of a temporary table, qualified by its schema."""

    @abstractmethod
    def _create_staging(self, columns: Sequence[tuple[str, str]]) -> str:
        """Return the statement creating the staging table."""

    @abstractmethod
    def _stage(self, rows: list[tuple]) -> None:
        """Put one chunk into the staging table."""

    @abstractmethod
    def _empty_staging(self) -> str:
        """Return the statement emptying the staging table."""

    @abstractmethod
    def _differs(self, left: str, right: str) -> str:
        """Return SQL true when two values differ, NULL counting as a value."""


class SqliteChunkWriter(ChunkWriter):
    """SQLite: executemany into an in-memory temporary table."""

    def _temporary(self, name):
        return f"temp.{name}"

    def _create_staging(self, columns):
        return f"CREATE TEMPORARY TABLE {self.staging} ({', '.join(self.columns)})"

    def _stage(self, rows):
        marks = ", ".join("?" for _ in self.columns)
        self._raw().executemany(f"INSERT INTO temp.{self.staging} VALUES ({marks})", rows)

    def _empty_staging(self):
        return f"DELETE FROM temp.{self.staging}"

    def _differs(self, left, right):
        return f"{left} IS NOT {right}"


class CopyChunkWriter(ChunkWriter):
    """PostgreSQL: COPY into a temporary table dropped at commit."""

    def _temporary(self, name):
        return f"pg_temp.{name}"

    def _create_staging(self, columns):
        column_sql = ", ".join(f"{name} {SQL_TYPES[kind]}" for name, kind in columns)
        return f"CREATE TEMPORARY TABLE {self.staging} ({column_sql}) ON COMMIT DROP"

    def _stage(self, rows):
        names = ", ".join(self.columns)
        with (
            self._raw().cursor() as cursor,
            cursor.copy(f"COPY {self.staging} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def _empty_staging(self):
        return f"TRUNCATE {self.staging}"

    def _differs(self, left, right):
        return f"{left} IS DISTINCT FROM {right}"
