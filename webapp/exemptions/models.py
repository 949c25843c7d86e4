"""A request for exemption on one dossier, its evidence files, and the decision on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, enum_column, utcnow
from webapp.extensions import db
from workflows.machines.exemption import Reason
from workflows.machines.exemption import State as ExemptionState


class Exemption(db.Model):
    __tablename__ = "exemptions"
    __table_args__ = (
        Index("ix_exemptions_dossier", "dossier_code"),
        Index("ix_exemptions_unit_period", "unit_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The dossier disputed, by its code (dossiers are replaced by each import, their codes stay).
    dossier_code: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    # The month the dossier was finished in: the month whose figures count it late.
    period: Mapped[str] = mapped_column(String(7))
    reason: Mapped[Reason] = mapped_column(enum_column(Reason, "exemption_reason", 20))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[ExemptionState] = mapped_column(
        enum_column(ExemptionState, "exemption_state", 10), default=ExemptionState.PENDING
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_comment: Mapped[str] = mapped_column(Text, default="")
    # The dossier's times as the request was judged on: a later import that changes them sends a
    # decision back to pending, with `note` saying what changed.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")

    unit = relationship("Unit")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    evidence: Mapped[list[ExemptionEvidence]] = relationship(
        back_populates="exemption", order_by="ExemptionEvidence.id", cascade="all, delete-orphan"
    )


class ExemptionEvidence(db.Model):
    """A file supporting a request, kept with the reports' evidence under its SHA-256."""

    __tablename__ = "exemption_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    exemption_id: Mapped[int] = mapped_column(ForeignKey("exemptions.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))

    exemption: Mapped[Exemption] = relationship(back_populates="evidence")
