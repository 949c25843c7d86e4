"""Stream checked rows into a temporary table, then merge them into their table in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from webapp.extensions import db

BATCH = 20_000
SQL_TYPES = {
    "sqlite": {"text": "TEXT", "int": "INTEGER", "time": "TEXT"},
    "postgresql": {"text": "TEXT", "int": "INTEGER", "time": "TIMESTAMPTZ"},
}


@dataclass(frozen=True)
class MergeCounts:
    added: int
    updated: int


def dialect() -> str:
    return db.session.get_bind().dialect.name


def timestamp_writer():
    """Return how a naive-UTC datetime is written to staging on this database."""
    if dialect() == "postgresql":
        return lambda moment: moment.isoformat(" ", "microseconds") + "+00"
    # The same text SQLAlchemy writes for a UTC timestamp on SQLite, so values compare as equal.
    return lambda moment: moment.isoformat(" ", "microseconds")


class StagingTable:
    """A temporary table in the import's own transaction, fed in batches."""

    def __init__(self, target: str, columns: Sequence[tuple[str, str]]) -> None:
        self.target = target
        self.columns = [name for name, _ in columns]
        self.name = f"staging_{target}"
        self.dialect = dialect()
        self.buffer: list[tuple] = []
        types = SQL_TYPES[self.dialect]
        column_sql = ", ".join(f"{name} {types[kind]}" for name, kind in columns)
        suffix = " ON COMMIT DROP" if self.dialect == "postgresql" else ""
        session = db.session
        session.execute(text(f"DROP TABLE IF EXISTS {self._qualified}"))
        session.execute(text(f"CREATE TEMPORARY TABLE {self.name} ({column_sql}){suffix}"))

    @property
    def _qualified(self) -> str:
        return f"temp.{self.name}" if self.dialect == "sqlite" else self.name

    def add(self, row: tuple) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        raw = db.session.connection().connection.dbapi_connection
        names = ", ".join(self.columns)
        if self.dialect == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {self.name} ({names}) FROM STDIN") as copy,
            ):
                for row in self.buffer:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in self.columns)
            raw.cursor().executemany(
                f"INSERT INTO {self.name} ({names}) VALUES ({marks})", self.buffer
            )
        self.buffer.clear()

    def merge(self, key: Sequence[str]) -> MergeCounts:
        """Insert new rows and update changed ones in the target; count both."""
        self.flush()
        session = db.session
        target, staging = self.target, self.name
        join = " AND ".join(f"t.{name} = s.{name}" for name in key)
        values = [name for name in self.columns if name not in key]
        distinct_op = "IS DISTINCT FROM" if self.dialect == "postgresql" else "IS NOT"
        changed = " OR ".join(f"t.{name} {distinct_op} s.{name}" for name in values)
        added = session.execute(
            text(
                f"SELECT count(*) FROM {staging} s WHERE NOT EXISTS "
                f"(SELECT 1 FROM {target} t WHERE {join})"
            )
        ).scalar_one()
        updated = session.execute(
            text(f"SELECT count(*) FROM {staging} s JOIN {target} t ON {join} WHERE {changed}")
        ).scalar_one()
        names = ", ".join(self.columns)
        assignments = ", ".join(f"{name} = excluded.{name}" for name in values)
        excluded_changed = " OR ".join(
            f"{target}.{name} {distinct_op} excluded.{name}" for name in values
        )
        session.execute(
            text(
                f"INSERT INTO {target} ({names}) SELECT {names} FROM {staging} WHERE true "
                f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {assignments} WHERE {excluded_changed}"
            )
        )
        return MergeCounts(added=added, updated=updated)

    def drop(self) -> None:
        db.session.execute(text(f"DROP TABLE IF EXISTS {self._qualified}"))


def replaced_bounds(column: str, staging: str, target: str, key: Sequence[str]) -> tuple:
    """Return (min, max) of a time column among the stored rows the staged rows will replace."""
    join = " AND ".join(f"t.{name} = s.{name}" for name in key)
    return tuple(
        db.session.execute(
            text(
                f"SELECT min(t.{column}), max(t.{column}) FROM {staging} s JOIN {target} t ON {join}"
            )
        ).one()
    )
