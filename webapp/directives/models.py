"""Directive letters (công văn) and their numbered assignments to units."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, enum_column, utcnow
from webapp.extensions import db
from workflows.machines.directive import State as DirectiveState
from workflows.vocabulary import LetterKind, labels

LETTER_KIND_LABELS = labels(LetterKind)


def letter_kind_column() -> Enum:
    """Return the column type of a letter kind (shared by letters and batches of letters)."""
    return enum_column(LetterKind, "letter_kind", 12)


class Directive(db.Model):
    __tablename__ = "directives"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[LetterKind] = mapped_column(letter_kind_column())
    state: Mapped[DirectiveState] = mapped_column(
        enum_column(DirectiveState, "directive_state", 12), default=DirectiveState.DRAFT
    )
    issuing_body_id: Mapped[int] = mapped_column(ForeignKey("issuing_bodies.id"))
    # The month whose figures the letter is about, "YYYY-MM"; empty for a letter not drafted from stats.
    period: Mapped[str] = mapped_column(String(7), default="")
    # Trích yếu, without the "V/v " prefix.
    subject: Mapped[str] = mapped_column(String(500))
    # Kính gửi: one addressee per item.
    addressees: Mapped[list] = mapped_column(JSON, default=list)
    # Căn cứ and the findings, before the numbered assignments.
    opening: Mapped[list] = mapped_column(JSON, default=list)
    # The sentence leading into the assignments, e.g. "Chủ tịch UBND thành phố chỉ đạo như sau:".
    lead_in: Mapped[str] = mapped_column(Text, default="")
    # Paragraphs after the assignments.
    closing: Mapped[list] = mapped_column(JSON, default=list)
    # Nơi nhận, besides "Như trên" (first) and "Lưu: VT, ..." (last), which the layout adds.
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    # Per-unit results table of a notice: {"columns": [...], "rows": [[...], ...]}.
    table: Mapped[dict | None] = mapped_column(JSON)
    # The annex (Phụ lục) listing the dossiers behind the findings it names, as drafted; None: none.
    annex: Mapped[dict | None] = mapped_column(JSON)
    # The grounds (căn cứ) the letter cites, by id, in the order it cites them.
    ground_ids: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signers.id"))
    # The drafting unit's part of the ký hiệu and of "Lưu: VT, ...", e.g. "VP" or "THNC".
    drafting_unit: Mapped[str] = mapped_column(String(20), default="VP")
    number: Mapped[int | None] = mapped_column()
    # The full ký hiệu when numbered, e.g. "UBND-VP".
    symbol: Mapped[str] = mapped_column(String(40), default="")
    # Date printed on the letter: the signing date.
    letter_date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The leader's comment when returning a draft.
    return_comment: Mapped[str] = mapped_column(Text, default="")
    # The batch the letter was drafted in, when drafted with others (one reminder per unit).
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("letter_batches.id"))
    # Template version frozen at signing, so later template uploads never change an issued letter.
    template_version: Mapped[str] = mapped_column(String(40), default="")

    issuing_body = relationship("IssuingBody")
    signer = relationship("Signer")
    created_by = relationship("User", foreign_keys=[created_by_id])
    signed_by = relationship("User", foreign_keys=[signed_by_id])
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="directive", order_by="Assignment.position", cascade="all, delete-orphan"
    )

    @property
    def number_text(self) -> str:
        """ "01/UBND-VP" once numbered, else "" (numbers under 10 take a leading zero)."""
        return f"{self.number:02d}/{self.symbol}" if self.number else ""


class Assignment(db.Model):
    """One numbered item of a letter: what is asked, of which units, by when."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("directive_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id", ondelete="CASCADE"))
    position: Mapped[int]
    # Who it is addressed to, as printed before the colon, e.g. "Đối với các đơn vị có tỷ lệ ...".
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    # Sub-items printed a), b), ...
    sub_items: Mapped[list] = mapped_column(JSON, default=list)
    deadline: Mapped[date | None] = mapped_column(Date)
    # A measurable criterion over the stats, e.g. {"figure": "on_time_rate", "op": ">=", "value": 97}.
    criterion: Mapped[dict | None] = mapped_column(JSON)

    directive: Mapped[Directive] = relationship(back_populates="assignments")
    unit_links: Mapped[list[AssignmentUnit]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )

    @property
    def lead_units(self) -> list:
        """Units that lead (chủ trì): each gets its own task."""
        return [link.unit for link in self.unit_links if link.role == UnitRole.LEAD]

    @property
    def supporting_units(self) -> list:
        """Units that support (phối hợp)."""
        return [link.unit for link in self.unit_links if link.role == UnitRole.SUPPORT]


class UnitRole(enum.StrEnum):
    LEAD = "lead"  # chủ trì
    SUPPORT = "support"  # phối hợp


class AssignmentUnit(db.Model):
    """A unit named by an assignment, leading or supporting."""

    __tablename__ = "assignment_units"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    role: Mapped[UnitRole] = mapped_column(enum_column(UnitRole, "assignment_unit_role", 8))

    assignment: Mapped[Assignment] = relationship(back_populates="unit_links")
    unit = relationship("Unit")
