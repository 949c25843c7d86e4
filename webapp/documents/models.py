"""Rendered letters and the template versions they came from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, utcnow
from webapp.extensions import db


class RenderedDocument(db.Model):
    """A letter rendered to DOCX or PDF, stored by content hash."""

    __tablename__ = "rendered_documents"
    __table_args__ = (UniqueConstraint("directive_id", "format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    directive_id: Mapped[int] = mapped_column(ForeignKey("directives.id"))
    format: Mapped[str] = mapped_column(String(4))  # "docx" or "pdf"
    # SHA-256 of the file; the file is stored under this name.
    checksum: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the letter's text content, equal across re-renders of an issued letter.
    content_checksum: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(40))
    # A PDF signed digitally by the signer (PAdES): kept as it is, never signed again.
    digitally_signed: Mapped[bool] = mapped_column(default=False, server_default=false())
    size: Mapped[int]
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    directive = relationship("Directive")


class TemplateVersion(db.Model):
    """An uploaded version of one letter kind's templates (the built-in ones are version "builtin")."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    version: Mapped[str] = mapped_column(String(40))
    # Where its files are kept (a folder named by content hash under the instance folder).
    folder: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
