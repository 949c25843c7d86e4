"""Keep rendered letters outside the web root, named by their content hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from webapp.database import utcnow
from webapp.directives.models import Directive, DirectiveState
from webapp.documents.context import letter_context
from webapp.documents.models import RenderedDocument
from webapp.documents.render import render_docx, render_pdf, render_pdf_with_anchor
from webapp.documents.templates_admin import active_version
from webapp.extensions import db
from webapp.files import instance_folder, write_once
from webapp.signing.letters import should_sign, sign_letter_pdf
from workflows.errors import Conflict, InvalidInput

FORMATS = ("docx", "pdf")
# Once signed, a letter's words are fixed: the number and date are on paper.
SIGNED_STATES = frozenset({DirectiveState.SIGNED, DirectiveState.ISSUED, DirectiveState.CLOSED})


def documents_dir() -> Path:
    """Return the folder of rendered files, under the instance folder (never served as is)."""
    return instance_folder("documents")


def rendered_path(doc: RenderedDocument) -> Path:
    """Return where a rendered document's file is kept."""
    return documents_dir() / f"{doc.checksum}.{doc.format}"


def content_checksum(content_lines: Iterable[str]) -> str:
    """Return the SHA-256 of a letter's words, one line each."""
    return hashlib.sha256("\n".join(content_lines).encode("utf-8")).hexdigest()


def is_signed(directive: Directive) -> bool:
    """Tell whether a letter has been signed, so its content may no longer change."""
    return directive.signed_at is not None or directive.state in SIGNED_STATES


def is_frozen(doc: RenderedDocument, directive: Directive) -> bool:
    """Tell whether a stored rendering is of the signed letter (a draft's rendering is not)."""
    if not is_signed(directive):
        return False
    return directive.signed_at is None or doc.rendered_at >= directive.signed_at


def document_for(directive: Directive, fmt: str, lock: bool = False) -> RenderedDocument | None:
    """Return the stored rendering of a letter in one format (locked for update when it is to be
    replaced; reading a letter never waits on a row lock)."""
    stmt = select(RenderedDocument).where(
        RenderedDocument.directive_id == directive.id, RenderedDocument.format == fmt
    )
    return db.session.scalar(stmt.with_for_update() if lock else stmt)


def store_rendered(
    directive: Directive,
    fmt: str,
    data: bytes,
    content_lines: Iterable[str],
    *,
    template_version: str | None = None,
    digitally_signed: bool = False,
) -> RenderedDocument:
    """Keep one rendering of a letter, replacing the previous one unless a signed letter changed
    (a digitally signed PDF is never replaced)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"Định dạng {fmt!r} không được hỗ trợ (chỉ DOCX hoặc PDF).")
    content = content_checksum(content_lines)
    checksum = hashlib.sha256(data).hexdigest()
    version = template_version or directive.template_version
    doc = document_for(directive, fmt, lock=True)
    if doc is not None and doc.digitally_signed:
        raise Conflict(
            f"Văn bản {directive.number_text} đã được ký số: bản PDF đã ký không được thay thế "
            "hay ký lại.",
            [{"field": fmt, "message": "Bản PDF đã ký số."}],
        )
    if doc is not None and doc.content_checksum != content and is_frozen(doc, directive):
        raise Conflict(
            f"Công văn {directive.number_text or directive.id} đã ký: nội dung bản "
            f"{fmt.upper()} đã lưu không được thay đổi, không thể tạo lại với nội dung khác.",
            [{"field": fmt, "message": "Nội dung khác với bản đã ký."}],
        )
    if doc is None:
        doc = RenderedDocument(directive_id=directive.id, format=fmt)
        db.session.add(doc)
    elif doc.checksum == checksum:
        if is_signed(directive) and not is_frozen(doc, directive):
            doc.rendered_at = utcnow()
        return doc
    write_once(documents_dir() / f"{checksum}.{fmt}", data)
    doc.checksum = checksum
    doc.content_checksum = content
    doc.template_version = version
    doc.digitally_signed = digitally_signed
    doc.size = len(data)
    doc.rendered_at = utcnow()
    db.session.flush()
    return doc


@dataclass(frozen=True)
class Rendering:
    """A letter rendered in memory, not yet stored."""

    directive_id: int
    template_version: str
    content_lines: list[str]
    files: dict[str, bytes]
    # The PDF carries the signer's digital signature.
    signed_pdf: bool = False


def render_letter(directive: Directive) -> Rendering:
    """Render a letter to DOCX and PDF with its frozen template version (the active one if none).

    A signed letter whose signer has a certificate gets its PDF signed digitally; a letter whose
    signed PDF is stored already keeps it (it is never signed twice), and only its DOCX is made.
    """
    kind = directive.kind.value
    version = directive.template_version or active_version(kind)
    context = letter_context(directive)
    files = {"docx": render_docx(context, kind, version)}
    stored = document_for(directive, "pdf")
    if stored is not None and stored.digitally_signed:
        return Rendering(directive.id, version, list(context["content_lines"]), files)
    pdf, anchor = render_pdf_with_anchor(context, kind, version)
    signed = should_sign(directive)
    files["pdf"] = sign_letter_pdf(directive, pdf, anchor) if signed else pdf
    return Rendering(directive.id, version, list(context["content_lines"]), files, signed)


def letter_file(directive: Directive, fmt: str) -> bytes:
    """Return a letter's file: the stored one once it is signed (its digitally signed PDF), or
    the letter rendered now."""
    stored = document_for(directive, fmt)
    if stored is not None and is_frozen(stored, directive) and rendered_path(stored).is_file():
        return rendered_path(stored).read_bytes()
    render = render_docx if fmt == "docx" else render_pdf
    version = directive.template_version or active_version(directive.kind.value)
    return render(letter_context(directive), directive.kind.value, version)


def store_rendering(directive: Directive, rendering: Rendering) -> list[RenderedDocument]:
    """Keep every file of a rendering."""
    return [
        store_rendered(
            directive,
            fmt,
            data,
            rendering.content_lines,
            template_version=rendering.template_version,
            digitally_signed=fmt == "pdf" and rendering.signed_pdf,
        )
        for fmt, data in rendering.files.items()
    ]


def render_and_store(directive: Directive) -> list[RenderedDocument]:
    """Render a letter to DOCX and PDF and keep both."""
    return store_rendering(directive, render_letter(directive))
