"""A month's results as the office published them to the public (thông báo công khai)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, utcnow
from webapp.extensions import db


class PublishedPeriod(db.Model):
    __tablename__ = "published_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), unique=True)
    # The table as published: one row per unit with its figures and rank, nothing about any
    # official or citizen. A correction replaces it and says so on the page.
    rows: Mapped[list] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    corrections: Mapped[int] = mapped_column(default=0)

    published_by = relationship("User")
