"""Files kept under the instance folder, named by their content's SHA-256; what an uploaded file
really is, whatever its name and its declared type say."""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from flask import current_app

from webapp.formatting import number

NAME_MAX = 255
FALLBACK_NAME = "tep-dinh-kem"
# An archive (DOCX, XLSX) whose parts unpack to more than this many times its size is a zip bomb.
MAX_EXPANSION = 100
# What a file is, by its first bytes.
HEAD_BYTES = 64
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_TYPES = ("application/zip", "application/x-zip-compressed")
TEXT_TYPES = (
    "text/plain",
    "text/csv",
    "text/x-csv",
    "application/csv",
    "text/comma-separated-values",
    "text/css",
    "text/yaml",
    "text/x-yaml",
    "application/yaml",
    "application/x-yaml",
    "text/html",
    # What Windows declares for a .csv file when Excel is installed.
    "application/vnd.ms-excel",
)
# Types that say nothing of the content: a browser or a script that did not know.
GENERIC_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}
)


@dataclass(frozen=True)
class FileKind:
    """How messages call a kind of file, and the names and declared types that fit it."""

    label: str  # as a message names it
    suffixes: tuple[str, ...]  # names a file of this kind may have
    declared: tuple[str, ...]  # content types a client may send it as


# A photo saved under the other picture format's name is common and harmless: either name fits.
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
PICTURE_TYPES = (
    "image/jpeg",
    "image/pjpeg",
    "image/jpg",
    "image/png",
    "image/x-png",
    "image/gif",
    "image/webp",
)
KINDS = {
    "pdf": FileKind("tệp PDF", (".pdf",), ("application/pdf", "application/x-pdf")),
    "docx": FileKind("văn bản Word (DOCX)", (".docx",), (DOCX_MIMETYPE, *ZIP_TYPES)),
    "xlsx": FileKind(
        "bảng tính Excel (XLSX)",
        (".xlsx",),
        (XLSX_MIMETYPE, "application/vnd.ms-excel", *ZIP_TYPES),
    ),
    "jpeg": FileKind("ảnh JPEG", PICTURE_SUFFIXES, PICTURE_TYPES),
    "png": FileKind("ảnh PNG", PICTURE_SUFFIXES, PICTURE_TYPES),
    "gif": FileKind("ảnh GIF", PICTURE_SUFFIXES, PICTURE_TYPES),
    "webp": FileKind("ảnh WebP", PICTURE_SUFFIXES, PICTURE_TYPES),
    "zip": FileKind("tệp nén ZIP", (".zip",), ZIP_TYPES),
    "text": FileKind("văn bản thuần", (".csv", ".tsv", ".txt"), TEXT_TYPES),
    "html": FileKind(
        "trang web HTML", (".html", ".htm"), ("text/html", "text/plain", "application/xhtml+xml")
    ),
    "legacy_office": FileKind(
        "tệp Office đời cũ (DOC, XLS)",
        (".doc", ".xls"),
        ("application/msword", "application/vnd.ms-excel"),
    ),
    "program": FileKind(
        "chương trình chạy được",
        (".exe", ".dll", ".com", ".msi", ".so", ".bin", ".elf"),
        (
            "application/x-msdownload",
            "application/x-dosexec",
            "application/x-executable",
            "application/x-sharedlib",
            "application/vnd.microsoft.portable-executable",
        ),
    ),
    "binary": FileKind("dữ liệu nhị phân", (), ()),
}
MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy_office"),
    (b"MZ", "program"),
    (b"\x7fELF", "program"),
)
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<iframe")
# A file name's extension, as people write one: a few Latin letters or digits, one a letter.
SUFFIX = re.compile(r"\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,5}")


def instance_folder(name: str) -> Path:
    """Return a folder under the instance folder (never served as it is), creating it."""
    folder = Path(current_app.instance_path, name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_by_hash(folder: Path, data: bytes, suffix: str) -> str:
    """Keep bytes as <sha256><suffix> in the folder, once; return the hash."""
    digest = hashlib.sha256(data).hexdigest()
    write_once(folder / f"{digest}{suffix}", data)
    return digest


def write_once(path: Path, data: bytes) -> None:
    """Write a file atomically unless it exists (its name is its content's hash: same bytes)."""
    if path.exists():
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def clean_file_name(name: str | None) -> str:
    """Return a file's own name to show and offer for download: no folders (either slash), no
    control characters, no dots or spaces at either end, NFC, at most NAME_MAX characters with
    its extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name
    # Windows drops trailing dots and spaces when it saves a file: "x.html." would become an
    # HTML file there, so the extension is judged as Windows will see it.
    name = "".join(char for char in name if char.isprintable()).strip().strip(". ")
    if len(name) > NAME_MAX:
        suffix = name_suffix(name)
        name = name[: NAME_MAX - len(suffix)].rstrip() + suffix
    return name or FALLBACK_NAME


def download_name(name: str, kind: str, suffix: str) -> str:
    """Return a stored file's name to download it under, its extension following its content:
    `suffix` is appended when the name's own extension does not fit the file's kind."""
    name = clean_file_name(name)
    return name if name_suffix(name) in KINDS[kind].suffixes else f"{name}{suffix}"


def name_suffix(name: str) -> str:
    """Return a file name's extension in lower case (".pdf"), "" when it has none."""
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if SUFFIX.fullmatch(suffix) else ""


def content_kind(head: bytes) -> str:
    """Return what a file is from its first bytes, never from its name: a key of KINDS."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    # A WebP picture is a RIFF container: its size sits between the two marks.
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.removeprefix(b"\xef\xbb\xbf").lstrip().lower().startswith(HTML_STARTS):
        return "html"
    # Text saved as UTF-16 ("Unicode Text" in Excel) is full of NUL bytes, yet text: its reader
    # says which encoding it wants instead.
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    return "binary" if b"\x00" in head else "text"


def kind_label(kind: str) -> str:
    """Return how a message names a kind of file."""
    return KINDS[kind].label


def disagreement(
    name: str, declared: str | None, kind: str, suffixes: tuple[str, ...] | None = None
) -> str | None:
    """Say how a file's name or declared type contradicts what its content is (None when
    neither does), naming the file; `suffixes` are the names its use allows, by default its
    kind's."""
    found = KINDS[kind]
    suffixes = found.suffixes if suffixes is None else suffixes
    suffix = name_suffix(name)
    if suffix and suffix not in suffixes:
        rename = f"đặt lại tên với đuôi {suffixes[0]} hoặc " if suffixes else ""
        return (
            f"Tệp “{name}” có đuôi {suffix} nhưng nội dung là {found.label}: "
            f"hãy {rename}gửi đúng tệp."
        )
    declared = (declared or "").split(";")[0].strip().lower()
    claimed = [other for other, known in KINDS.items() if declared in known.declared]
    if declared not in GENERIC_TYPES and claimed and kind not in claimed:
        return f"Tệp “{name}” được gửi lên với kiểu {declared} nhưng nội dung là {found.label}."
    return None


@dataclass(frozen=True)
class Archive:
    """A ZIP's members and sizes as its directory declares them (nothing unpacked)."""

    names: frozenset[str]
    packed: int
    unpacked: int

    @property
    def office_kind(self) -> str:
        """Return "docx" or "xlsx" for an Office document, "zip" for any other archive."""
        if "[Content_Types].xml" in self.names:
            if "word/document.xml" in self.names:
                return "docx"
            if "xl/workbook.xml" in self.names:
                return "xlsx"
        return "zip"

    def unpack_problem(self, name: str, ceiling: int | None = None) -> str | None:
        """Say why the archive must not be unpacked (a zip bomb), naming the file; None when
        it may be."""
        # zipfile never unpacks a member past the size the directory declares for it (it stops
        # there and fails the checksum), so the declared sizes bound what any reader unpacks.
        if self.unpacked <= MAX_EXPANSION * max(self.packed, 1) and (
            ceiling is None or self.unpacked <= ceiling
        ):
            return None
        packed = f"{self.packed / 1e6:.1f}".replace(".", ",")
        unpacked = number(round(self.unpacked / 1e6))
        return (
            f"Tệp “{name}” nặng {packed} MB nhưng giải nén ra {unpacked} MB: "
            "nghi là tệp nén độc hại, từ chối xử lý."
        )


def read_archive(source: bytes | Path) -> Archive | None:
    """Return a ZIP's directory (None when it is no readable ZIP), without unpacking anything."""
    try:
        opened = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        with opened as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    packed = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    return Archive(
        frozenset(info.filename for info in infos), packed, sum(i.file_size for i in infos)
    )
