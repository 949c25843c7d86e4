"""A unit's report on its task, with its evidence files, and the leader's decision on it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, enum_column, utcnow
from webapp.extensions import db


class ReportDecision(enum.StrEnum):
    PENDING = "pending"  # chờ xác nhận
    ACCEPTED = "accepted"  # đạt
    RETURNED = "returned"  # chưa đạt

    @property
    def label(self) -> str:
        return {"pending": "Chờ xác nhận", "accepted": "Đạt", "returned": "Chưa đạt"}[self]


class Report(db.Model):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("unit_tasks.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    # How much of the task the unit says is done, 0 to 100.
    percent: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    office_comment: Mapped[str] = mapped_column(Text, default="")
    office_commented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision: Mapped[ReportDecision] = mapped_column(
        enum_column(ReportDecision, "report_decision", 8),
        default=ReportDecision.PENDING,
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_comment: Mapped[str] = mapped_column(Text, default="")

    task = relationship("UnitTask")
    author = relationship("User", foreign_keys=[author_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="report", order_by="Evidence.id", cascade="all, delete-orphan"
    )


class Evidence(db.Model):
    """A file attached to a report, kept outside the web root under its SHA-256."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    # The name the unit gave it, cleaned of any path; shown and used for downloads only.
    file_name: Mapped[str] = mapped_column(String(255))
    # The type read from the file's content, never from its name.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # True for the apology letter (văn bản xin lỗi) generated from the apology template.
    generated: Mapped[bool] = mapped_column(default=False)

    report: Mapped[Report] = relationship(back_populates="evidence")
