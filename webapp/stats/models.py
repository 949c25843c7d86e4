"""What the one-stop system tells us: dossiers, complaints, reported and computed monthly figures."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, enum_column
from webapp.extensions import db
from workflows.rules.figures import on_time_rate


class Channel(enum.StrEnum):
    ONLINE = "online"
    DIRECT = "direct"
    POSTAL = "postal"


class ComplaintChannel(enum.StrEnum):
    HOTLINE_1022 = "hotline_1022"
    NATIONAL_PORTAL = "national_portal"
    DIRECT = "direct"


class FiguresSource(enum.StrEnum):
    DOSSIERS = "dossiers"
    REPORT = "report"


class Dossier(db.Model):
    """One citizen's dossier (hồ sơ) as the one-stop system exports it.

    Dossiers arrive a million at a time, and only through the importer, which takes every unit id
    from the units table in its own transaction (units are never deleted). So unit_id has no
    foreign key, which PostgreSQL would check row by row, and the code is the key, compared
    byte by byte: one index to fill, not three.
    """

    __tablename__ = "dossiers"
    # A figure's dossiers are one unit's, read by the months they were received in.
    __table_args__ = (
        Index("ix_dossiers_unit_received", "unit_id", "received_month"),
        # Few dossiers name a unit that delayed them: the index holds those only.
        Index(
            "ix_dossiers_delayed_by",
            "delayed_by_unit_id",
            sqlite_where=text("delayed_by_unit_id IS NOT NULL"),
            postgresql_where=text("delayed_by_unit_id IS NOT NULL"),
        ),
    )

    code: Mapped[str] = mapped_column(
        String(64).with_variant(String(64, collation="C"), "postgresql"), primary_key=True
    )
    unit_id: Mapped[int]
    procedure_code: Mapped[str] = mapped_column(String(64))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "dossier_channel", 10))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Result handed to the citizen; may be empty.
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Closed in the software; a close after due_at counts late even when returned on time.
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The Vietnam-time calendar months of received_at, due_at and finished_at, as
    # year * 12 + month - 1: the monthly figures group by them instead of comparing every
    # dossier's times with every month's bounds.
    received_month: Mapped[int]
    due_month: Mapped[int]
    finished_month: Mapped[int | None]
    # The unit whose step made the dossier late (an inter-unit procedure); None: none named.
    delayed_by_unit_id: Mapped[int | None]


class DossierCount(db.Model):
    """How many dossiers of a unit share the months they were received, due and finished in.

    Kept up to date by every dossier import; a month's figures are sums over these rows (a few
    per unit and month) instead of a pass over every dossier.
    """

    __tablename__ = "dossier_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    # Month numbers as in Dossier (year * 12 + month - 1); no finished month while unfinished.
    received_month: Mapped[int]
    due_month: Mapped[int]
    finished_month: Mapped[int | None]
    # Finished after the due time.
    late: Mapped[bool]
    # Finished late although the result was returned by the due time (forgot to press finish).
    closed_late: Mapped[bool]
    dossiers: Mapped[int]


class Complaint(db.Model):
    """A citizen complaint (phản ánh, kiến nghị) about a unit."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_unit_received", "unit_id", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[ComplaintChannel] = mapped_column(
        enum_column(ComplaintChannel, "complaint_channel", 20)
    )
    subject: Mapped[str] = mapped_column(String(500), default="")
    # The official complained about, when named; never shown on public pages.
    official_name: Mapped[str] = mapped_column(String(120), default="")

    unit = relationship("Unit")


FIGURE_FIELDS = (
    "received",
    "resolved_on_time",
    "resolved_late",
    "pending_on_time",
    "pending_overdue",
    "closed_late_in_software",
    "complaints",
)


class ReportedFigures(db.Model):
    """A unit's monthly figures as reported (unit_stats import), when no dossiers are available."""

    __tablename__ = "reported_figures"
    __table_args__ = (UniqueConstraint("unit_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str] = mapped_column(String(7))
    received: Mapped[int]
    resolved_on_time: Mapped[int]
    resolved_late: Mapped[int]
    pending_on_time: Mapped[int]
    pending_overdue: Mapped[int]
    closed_late_in_software: Mapped[int]
    complaints: Mapped[int]
    # What only a report says (Biểu số 06): dossiers received online, and carried over from the
    # month before; None when the report did not give them.
    received_online: Mapped[int | None]
    carried_over: Mapped[int | None]


class UnitPeriodFigures(db.Model):
    """A unit's figures for one month, recomputed in SQL after every import."""

    __tablename__ = "unit_period_figures"
    __table_args__ = (
        UniqueConstraint("unit_id", "period"),
        Index("ix_unit_period_figures_period", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str] = mapped_column(String(7))
    received: Mapped[int]
    resolved_on_time: Mapped[int]
    resolved_late: Mapped[int]
    pending_on_time: Mapped[int]
    pending_overdue: Mapped[int]
    closed_late_in_software: Mapped[int]
    complaints: Mapped[int]
    source: Mapped[FiguresSource] = mapped_column(enum_column(FiguresSource, "figures_source", 10))
    # Late dossiers of the month counted on time after an accepted request for exemption: the
    # portal's own figures are resolved_late + exempted and resolved_on_time - exempted.
    exempted: Mapped[int] = mapped_column(default=0, server_default="0")
    # Its own late dossiers a named other unit made late, and other units' late dossiers it made
    # late (inter-unit procedures). The rate stays as the portal counts it.
    late_caused_by_others: Mapped[int] = mapped_column(default=0, server_default="0")
    late_caused_elsewhere: Mapped[int] = mapped_column(default=0, server_default="0")
    # True when dossiers won over a reported row for the same unit and month.
    report_overridden: Mapped[bool] = mapped_column(default=False)

    unit = relationship("Unit")

    @property
    def resolved(self) -> int:
        return self.resolved_on_time + self.resolved_late

    @property
    def on_time_rate(self) -> float | None:
        """Percentage resolved on time; None when nothing was resolved."""
        return on_time_rate(self.resolved_on_time, self.resolved_late)
