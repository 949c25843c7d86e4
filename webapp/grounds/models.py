"""A plan, decision or letter a directive may cite as its ground."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.database import UTCDateTime, enum_column, utcnow
from webapp.extensions import db
from workflows.letters.grounds import GroundCitation, GroundKind


class Ground(db.Model):
    __tablename__ = "grounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    issuing_body_id: Mapped[int] = mapped_column(ForeignKey("issuing_bodies.id"), index=True)
    kind: Mapped[GroundKind] = mapped_column(enum_column(GroundKind, "ground_kind", 10))
    # "394/KH-UBND"
    number_text: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[date] = mapped_column(Date)
    # "UBND thành phố", "Văn phòng HĐND và UBND thành phố"
    issuer: Mapped[str] = mapped_column(String(200))
    # "về kiểm tra công tác cải cách hành chính … năm 2024"
    title: Mapped[str] = mapped_column(String(500), default="")
    # Offered to new drafts (and chosen for them) while active.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def citation(self) -> GroundCitation:
        return GroundCitation(self.kind, self.number_text, self.issued_on, self.issuer, self.title)
