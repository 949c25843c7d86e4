"""The issuing body (cơ quan ban hành) and the leaders who sign for it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime
from webapp.extensions import db


class IssuingBody(db.Model):
    __tablename__ = "issuing_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Full name as it heads a letter, e.g. "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA".
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The body above it, printed over the name when the issuer is a unit of it; empty otherwise.
    parent_name: Mapped[str] = mapped_column(String(200), default="")
    # Place name for the date line, e.g. "Biên Hòa".
    place: Mapped[str] = mapped_column(String(100))
    # Ký hiệu of its letters: body abbreviation and drafting unit, e.g. "UBND-VP".
    symbol: Mapped[str] = mapped_column(String(40))

    signers: Mapped[list[Signer]] = relationship(
        back_populates="issuing_body", order_by="Signer.id"
    )

    def __repr__(self) -> str:
        return f"<IssuingBody {self.symbol}>"


class Signer(db.Model):
    __tablename__ = "signers"

    id: Mapped[int] = mapped_column(primary_key=True)
    issuing_body_id: Mapped[int] = mapped_column(ForeignKey("issuing_bodies.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    # Chức vụ, in capitals: "CHỦ TỊCH", "PHÓ CHỦ TỊCH".
    title: Mapped[str] = mapped_column(String(120))
    # Quyền hạn above the title: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"; empty when signing in own name.
    authority: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # The signer's PKCS#12 file (certificate and key), under the instance folder; empty: none yet.
    certificate_file: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # The PKCS#12 password, encrypted with a key derived from SECRET_KEY (never stored in clear).
    certificate_secret: Mapped[str] = mapped_column(Text, default="", server_default="")
    certificate_subject: Mapped[str] = mapped_column(String(300), default="", server_default="")
    certificate_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The picture of the visible mark: the signature with the seal over a third of it.
    stamp_image: Mapped[str] = mapped_column(String(255), default="", server_default="")

    issuing_body: Mapped[IssuingBody] = relationship(back_populates="signers")
    user = relationship("User", back_populates="signer")

    def __repr__(self) -> str:
        return f"<Signer {self.full_name}>"

    @property
    def signature_lines(self) -> list[str]:
        """The capitalised lines above the name, authority first."""
        return [line for line in (self.authority, self.title) if line]
