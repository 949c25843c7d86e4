"""The checks of PDFs at /verify, counted per address in the database so every process sees them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.database import UTCDateTime, utcnow
from webapp.extensions import db


class VerifyAttempt(db.Model):
    __tablename__ = "verify_attempts"
    # The throttle counts one address's recent checks: both columns in one index.
    __table_args__ = (Index("ix_verify_attempts_address_attempted_at", "address", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    # Indexed on its own too, for pruning old rows whatever their address.
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
