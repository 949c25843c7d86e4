"""Evidence files: their type read from their content, their size limited, kept by content hash."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, request, send_file

from webapp.files import (
    HEAD_BYTES,
    clean_file_name,
    content_kind,
    disagreement,
    download_name,
    instance_folder,
    kind_label,
    read_archive,
    store_by_hash,
)
from workflows.errors import InvalidInput

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
}
SUFFIXES = {
    "pdf": ".pdf",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "jpeg": ".jpg",
    "png": ".png",
    "gif": ".gif",
    "webp": ".webp",
}
MAX_FILES = 10
# What a browser shows by itself, running nothing of the file's: opened in a tab ("Xem"), never
# HTML or SVG, which could run script on our origin. Anything else is only downloaded.
VIEWABLE_KINDS = ("pdf", "png", "jpeg", "gif", "webp")
VIEWABLE_TYPES = frozenset(TYPES[kind] for kind in VIEWABLE_KINDS)
# A picture opened in a tab: sandboxed (no script, a unique origin), loading nothing else.
PICTURE_POLICY = (
    "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"
)
# Chromium's PDF viewer refuses to run in a sandboxed document, so a PDF is not sandboxed; it
# loads nothing but itself (the viewer's page needs its own inline style).
PDF_POLICY = (
    "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Upload:
    """A file as the user sent it: the name and content type they gave, and its bytes."""

    name: str
    data: bytes
    content_type: str = ""


@dataclass(frozen=True)
class CheckedFile:
    file_name: str
    kind: str  # a key of TYPES
    data: bytes

    @property
    def content_type(self) -> str:
        return TYPES[self.kind]


def request_uploads(field: str = "files") -> list[Upload]:
    """The files of the request's form field, each read to one byte past the limit (enough to
    refuse it; the rest is never read)."""
    limit = max_bytes()
    return [
        Upload(storage.filename or "", storage.stream.read(limit + 1), storage.mimetype)
        for storage in request.files.getlist(field)
        if storage and storage.filename
    ]


def max_bytes() -> int:
    return evidence_limit(current_app.config)


def evidence_limit(config: dict) -> int:
    """Return how large one evidence file may be."""
    return int(config["EVIDENCE_MAX_MB"]) * 1024 * 1024


def report_upload_limit(config: dict) -> int:
    """Return how many bytes of files one report may carry."""
    return MAX_FILES * evidence_limit(config)


def check_uploads(
    uploads: list[Upload], refusal: str = "Tệp minh chứng không hợp lệ; báo cáo chưa được gửi."
) -> list[CheckedFile]:
    """Return the uploads with their real types, or refuse them (saying `refusal`) listing every
    problem."""
    problems = []
    if len(uploads) > MAX_FILES:
        problems.append({"field": "files", "message": f"Tối đa {MAX_FILES} tệp mỗi lần gửi."})
    checked = []
    limit = max_bytes()
    for upload in uploads:
        name = clean_file_name(upload.name)
        if len(upload.data) > limit:
            problems.append(
                {
                    "field": "files",
                    "value": name,
                    "message": f"Tệp “{name}” vượt giới hạn {limit // (1024 * 1024)} MB.",
                }
            )
            continue
        kind, problem = _checked_kind(name, upload)
        if problem:
            problems.append({"field": "files", "value": name, "message": problem})
            continue
        checked.append(CheckedFile(name, kind, upload.data))
    if problems:
        raise InvalidInput(refusal, problems)
    return checked


def _checked_kind(name: str, upload: Upload) -> tuple[str, str | None]:
    """Return the file's type read from its content, with why it is refused (None if it is not)."""
    kind = content_kind(upload.data[:HEAD_BYTES])
    if kind == "zip":
        archive = read_archive(upload.data)
        if archive is None:
            return kind, f"Tệp “{name}” là tệp nén hỏng, không mở được."
        if problem := archive.unpack_problem(name):
            return kind, problem
        kind = archive.office_kind
    if kind not in TYPES:
        return kind, (
            f"Tệp “{name}” là {kind_label(kind)}, không phải PDF, DOCX, XLSX hoặc ảnh JPEG, PNG, "
            "GIF, WebP (kiểm tra theo nội dung tệp, không theo đuôi tên)."
        )
    return kind, disagreement(name, upload.content_type, kind)


def store(checked: CheckedFile) -> str:
    """Keep a checked file outside the web root; return its SHA-256."""
    return store_by_hash(evidence_dir(), checked.data, SUFFIXES[checked.kind])


def evidence_dir() -> Path:
    return instance_folder("evidence")


def _kind_of(content_type: str) -> str:
    return next(key for key, value in TYPES.items() if value == content_type)


def evidence_path(sha256: str, content_type: str) -> Path:
    """Return where a stored evidence file is."""
    return evidence_dir() / f"{sha256}{SUFFIXES[_kind_of(content_type)]}"


def evidence_download_name(file_name: str, content_type: str) -> str:
    """Return the name to download an evidence file under, with the extension of its content."""
    kind = _kind_of(content_type)
    return download_name(file_name, kind, SUFFIXES[kind])


def evidence_download(item, view: bool = False):
    """Answer an evidence file (a report's or an exemption request's); 404 when it is missing.

    Asked to `view` it, a PDF or a picture whose content really is what it was stored as opens in
    the browser under a policy that lets it run nothing; any other file, and any file not asked to
    be viewed, is downloaded under a name whose extension follows its content."""
    path = evidence_path(item.sha256, item.content_type) if item else None
    if path is None or not path.is_file():
        abort(404)
    name = evidence_download_name(item.file_name, item.content_type)
    kind = viewable_kind(path, item.content_type) if view else None
    response = send_file(
        path,
        mimetype=TYPES[kind] if kind else item.content_type,
        as_attachment=kind is None,
        download_name=name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    if kind is not None:
        response.headers["Content-Security-Policy"] = (
            PDF_POLICY if kind == "pdf" else PICTURE_POLICY
        )
    return response


def viewable_kind(path: Path, content_type: str) -> str | None:
    """Return the kind of a stored file a browser may show (read from its first bytes, agreeing
    with the type it was stored as), None when it must be downloaded."""
    with open(path, "rb") as handle:
        kind = content_kind(handle.read(HEAD_BYTES))
    return kind if kind in VIEWABLE_KINDS and TYPES[kind] == content_type else None
