"""The record of every import: who, when, which file, what it changed."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, utcnow
from webapp.extensions import db


class ImportKind(enum.StrEnum):
    UNITS = "units"
    DOSSIERS = "dossiers"
    UNIT_STATS = "unit_stats"
    COMPLAINTS = "complaints"

    @property
    def label(self) -> str:
        return IMPORT_KIND_LABELS[self]


IMPORT_KIND_LABELS = {
    ImportKind.UNITS: "Danh sách đơn vị",
    ImportKind.DOSSIERS: "Hồ sơ TTHC",
    ImportKind.UNIT_STATS: "Số liệu tổng hợp theo đơn vị",
    ImportKind.COMPLAINTS: "Phản ánh, kiến nghị",
}


class ImportStatus(enum.StrEnum):
    QUEUED = "queued"
    DONE = "done"
    REJECTED = "rejected"
    FAILED = "failed"


SHEET_MAX = 100


@dataclass(frozen=True)
class ImportOptions:
    """What an upload may say besides its file: which sheet, and which month."""

    sheet: str = ""
    period: str | None = None


class ImportRun(db.Model):
    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(
        Enum(
            ImportKind,
            native_enum=False,
            create_constraint=True,
            length=12,
            name="import_kind",
            values_callable=lambda kinds: [k.value for k in kinds],
        )
    )
    status: Mapped[ImportStatus] = mapped_column(
        Enum(
            ImportStatus,
            native_enum=False,
            create_constraint=True,
            length=10,
            name="import_status",
            values_callable=lambda items: [s.value for s in items],
        )
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    # SHA-256 of the file's bytes.
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_added: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    # Periods whose figures were recomputed, e.g. ["2024-01", "2024-02"].
    periods: Mapped[list | None] = mapped_column(JSON)
    # Every problem of a rejected file: {"row", "column", "value", "message"}.
    problems: Mapped[list | None] = mapped_column(JSON)
    problem_count: Mapped[int] = mapped_column(default=0)
    # The header cells of a file rejected for its header, to show beside the one expected.
    header: Mapped[list | None] = mapped_column(JSON)
    # A note on how the file was read, e.g. its encoding when it was not UTF-8.
    note: Mapped[str] = mapped_column(String(255), default="")
    # The RQ job that runs it, to show its progress.
    job_id: Mapped[str] = mapped_column(String(64), default="")
    # Jobs that started it: one, unless a worker died under it and it was run again.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    # What the upload chose: the workbook's sheet ("" for the first whose header is found) and
    # the month the file reports on (a report's own period must agree with it).
    sheet: Mapped[str] = mapped_column(String(SHEET_MAX), default="", server_default="")
    period: Mapped[str | None] = mapped_column(String(7))

    user = relationship("User")

    @property
    def options(self) -> ImportOptions:
        return ImportOptions(self.sheet or "", self.period)

    @property
    def rows_unchanged(self) -> int:
        return self.rows_total - self.rows_added - self.rows_updated
