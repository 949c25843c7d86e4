"""The outgoing register (sổ văn bản đi): one numbering per issuing body and year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, utcnow
from webapp.extensions import db


class RegisterCounter(db.Model):
    """The last number taken in one issuing body's register for one year (row-locked when taken)."""

    __tablename__ = "register_counters"
    __table_args__ = (UniqueConstraint("issuing_body_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuing_body_id: Mapped[int] = mapped_column(ForeignKey("issuing_bodies.id"))
    year: Mapped[int]
    last_number: Mapped[int] = mapped_column(default=0)


class RegisterEntry(db.Model):
    """One letter in the outgoing register; number and year unique per issuing body."""

    __tablename__ = "register_entries"
    __table_args__ = (UniqueConstraint("issuing_body_id", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuing_body_id: Mapped[int] = mapped_column(ForeignKey("issuing_bodies.id"))
    year: Mapped[int]
    number: Mapped[int]
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id"), unique=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    directive = relationship("Directive")
