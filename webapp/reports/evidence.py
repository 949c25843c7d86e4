"""Evidence files: their type read from their content, their size limited, kept by content hash."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from flask import current_app

from webapp.files import instance_folder, store_by_hash
from workflows.errors import InvalidInput

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
SUFFIXES = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "jpeg": ".jpg", "png": ".png"}
# A DOCX or XLSX whose parts unpack to more than this many times its size is refused (zip bomb).
MAX_EXPANSION = 100
MAX_FILES = 10
NAME_MAX = 255


@dataclass(frozen=True)
class Upload:
    """A file as the user sent it: the name they gave and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    file_name: str
    kind: str  # a key of TYPES
    data: bytes

    @property
    def content_type(self) -> str:
        return TYPES[self.kind]


def max_bytes() -> int:
    return int(current_app.config["EVIDENCE_MAX_MB"]) * 1024 * 1024


def check_uploads(uploads: list[Upload]) -> list[CheckedFile]:
    """Return the uploads with their real types, or refuse them listing every problem."""
    problems = []
    if len(uploads) > MAX_FILES:
        problems.append({"field": "files", "message": f"Tối đa {MAX_FILES} tệp mỗi báo cáo."})
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
        kind = sniff(upload.data)
        if kind is None:
            problems.append(
                {
                    "field": "files",
                    "value": name,
                    "message": f"Tệp “{name}” không phải PDF, DOCX, XLSX, JPEG hoặc PNG "
                    "(kiểm tra theo nội dung tệp, không theo đuôi tên).",
                }
            )
            continue
        checked.append(CheckedFile(name, kind, upload.data))
    if problems:
        raise InvalidInput("Tệp minh chứng không hợp lệ; báo cáo chưa được gửi.", problems)
    return checked


def sniff(data: bytes) -> str | None:
    """Return the type of a file from its first bytes (and, for DOCX and XLSX, its parts)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, ValueError):
        return None
    if sum(info.file_size for info in infos) > MAX_EXPANSION * max(len(data), 1):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def clean_file_name(name: str) -> str:
    """Return a file's own name: no folders (either slash), no control characters, NFC."""
    name = unicodedata.normalize("NFC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join(char for char in name if char.isprintable()).strip().lstrip(".")
    return name[:NAME_MAX] or "tep-dinh-kem"


def store(checked: CheckedFile) -> str:
    """Keep a checked file outside the web root; return its SHA-256."""
    return store_by_hash(evidence_dir(), checked.data, SUFFIXES[checked.kind])


def evidence_dir() -> Path:
    return instance_folder("evidence")


def evidence_path(sha256: str, content_type: str) -> Path:
    """Return where a stored evidence file is."""
    kind = next(key for key, value in TYPES.items() if value == content_type)
    return evidence_dir() / f"{sha256}{SUFFIXES[kind]}"
