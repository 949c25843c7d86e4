"""Take a letter's number from its issuing body's outgoing register, in the caller's transaction."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from webapp.directives.models import Directive
from webapp.directives.register.models import RegisterCounter, RegisterEntry
from webapp.extensions import db
from webapp.signers.models import IssuingBody
from workflows.errors import Conflict, InvalidInput
from workflows.periods import local_today

SQLITE_RETURNING = (3, 35, 0)


def take_number(directive: Directive) -> int:
    """Take the next number of the directive's register, record it, and return it (no commit)."""
    if directive.number is not None:
        shown = directive.number_text if directive.symbol else f"{directive.number:02d}"
        raise Conflict(f"Văn bản đã được lấy số {shown}, không thể lấy số lần nữa.")
    body = db.session.get(IssuingBody, directive.issuing_body_id or 0)
    if body is None:
        raise InvalidInput("Văn bản chưa có cơ quan ban hành nên chưa thể lấy số.")
    # Undated letters are dated today (Vietnam's time): the printed date and register year agree.
    if directive.letter_date is None:
        directive.letter_date = local_today()
    year = directive.letter_date.year
    if directive.id is None:
        db.session.add(directive)
        db.session.flush()
    number = _next_number(body.id, year)
    db.session.add(
        RegisterEntry(issuing_body_id=body.id, year=year, number=number, directive_id=directive.id)
    )
    directive.number = number
    directive.symbol = body.symbol
    db.session.flush()
    return number


def next_number_text(directive: Directive) -> str:
    """The number ("05/UBND-VP") signing the letter today would take, read without taking it.

    Another letter signed first takes it instead: the confirmation that shows it says so.
    """
    if directive.number is not None:
        return directive.number_text
    body = db.session.get(IssuingBody, directive.issuing_body_id or 0)
    if body is None:
        return ""
    # Signing dates the letter today, whatever date it carried before.
    year = local_today().year
    last = db.session.scalar(
        select(RegisterCounter.last_number).where(
            RegisterCounter.issuing_body_id == body.id, RegisterCounter.year == year
        )
    )
    return f"{(last or 0) + 1:02d}/{body.symbol}"


# One statement both creates the year's counter (at 1) and increments it, returning the new value.
# PostgreSQL (READ COMMITTED) row-locks the counter until the transaction ends; a concurrent signer
# waits on that lock (or on the speculative insert of a new year's row), then increments the
# committed value, or the old one when the first signer rolled back. SQLite lets one writer in at
# a time and keeps its write lock until the transaction ends, so signers serialize there too (a
# transaction that read before another signer committed gets "database is locked" here instead of
# waiting, from its stale WAL snapshot: it must be retried whole, and never sees a wrong number). The
# counter, the register entry and the directive's number share the caller's transaction: a
# rollback gives the number back, and the register's unique constraints refuse any duplicate.
def _next_number(issuing_body_id: int, year: int) -> int:
    """Increment the body's counter for the year, creating it at 1, and return the new value."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        insert = postgresql.insert
    elif dialect == "sqlite":
        if sqlite3.sqlite_version_info < SQLITE_RETURNING:
            raise RuntimeError(
                f"SQLite {sqlite3.sqlite_version} không hỗ trợ RETURNING; cần SQLite 3.35 trở lên."
            )
        insert = sqlite.insert
    else:
        raise RuntimeError(f"Chưa hỗ trợ lấy số văn bản trên cơ sở dữ liệu {dialect}.")
    table = RegisterCounter.__table__
    stmt = (
        insert(table)
        .values(issuing_body_id=issuing_body_id, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=[table.c.issuing_body_id, table.c.year],
            set_={"last_number": table.c.last_number + 1},
        )
        .returning(table.c.last_number)
    )
    return db.session.execute(stmt).scalar_one()
