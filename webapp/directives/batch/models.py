"""Letters drafted together, one per failing unit, and rendered by background jobs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, utcnow
from webapp.directives.models import Directive, LetterKind, letter_kind_column
from webapp.extensions import db


class LetterBatch(db.Model):
    """A set of letters of one kind drafted at once from one month's findings."""

    __tablename__ = "letter_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[LetterKind] = mapped_column(letter_kind_column())
    period: Mapped[str] = mapped_column(String(7))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The RQ jobs rendering the letters; empty when they were rendered in this process.
    job_ids: Mapped[list] = mapped_column(JSON, default=list)

    created_by = relationship("User")
    directives: Mapped[list[Directive]] = relationship(order_by=Directive.id)
