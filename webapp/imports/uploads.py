"""Keep uploaded import files outside the web root, named by their content hash."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from webapp.files import (
    HEAD_BYTES,
    clean_file_name,
    content_kind,
    disagreement,
    kind_label,
    name_suffix,
    read_archive,
)
from webapp.imports.html_tables import looks_like_html
from workflows.errors import InvalidInput

CHUNK = 1 << 20
TABLES = "bảng CSV, XLSX hoặc XLS"
# The names a table of these kinds may come under: an old Excel workbook as .xls; an HTML table
# as many one-stop systems export it, under an .xls name, or as the page it is.
TABLE_SUFFIXES = {"legacy_office": (".xls",), "html": (".xls", ".html", ".htm")}


def import_limit(config: dict) -> int:
    """Return how large an import file may be."""
    return config["IMPORT_MAX_BYTES"]


def upload_dir() -> Path:
    folder = Path(current_app.instance_path, "uploads", "imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_upload(checksum: str) -> Path:
    """Return the path of a stored upload by its SHA-256."""
    return upload_dir() / f"{checksum}.bin"


def _refused(message: str) -> InvalidInput:
    return InvalidInput(message, [{"field": "file", "message": message}])


def store_upload(file: FileStorage | None) -> tuple[str, str]:
    """Save an uploaded file under its SHA-256; return (checksum, original file name).

    A file that is not a table (CSV, XLSX, XLS or an HTML table; whatever its name says), or
    whose name or declared type says otherwise, is refused before anything is kept.
    """
    if file is None or not file.filename:
        raise InvalidInput(
            "Chưa chọn tệp để nhập.", [{"field": "file", "message": "Chưa chọn tệp."}]
        )
    name = clean_file_name(file.filename)
    limit = current_app.config["IMPORT_MAX_BYTES"]
    digest = hashlib.sha256()
    size = 0
    first = file.stream.read(CHUNK)
    kind = content_kind(first[:HEAD_BYTES])
    if kind == "text" and looks_like_html(first):
        kind = "html"
    table_name = kind not in TABLE_SUFFIXES or name_suffix(name) in TABLE_SUFFIXES[kind]
    if kind not in ("zip", "text", *TABLE_SUFFIXES) or not table_name:
        raise _refused(f"Tệp “{name}” là {kind_label(kind)}, không phải {TABLES}.")
    handle, temporary = tempfile.mkstemp(dir=upload_dir(), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            chunk = first
            while chunk:
                size += len(chunk)
                if size > limit:
                    raise _refused(f"Tệp “{name}” vượt giới hạn {limit / 1e6:.0f} MB.")
                digest.update(chunk)
                out.write(chunk)
                chunk = file.stream.read(CHUNK)
        if kind == "zip":
            kind = _spreadsheet_kind(Path(temporary), name)
        # A browser declares an HTML table named .xls as Excel: its name is what counts then.
        declared = None if kind == "html" else file.mimetype
        if problem := disagreement(name, declared, kind, TABLE_SUFFIXES.get(kind)):
            raise _refused(problem)
        checksum = digest.hexdigest()
        os.replace(temporary, stored_upload(checksum))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return checksum, name


def _spreadsheet_kind(path: Path, name: str) -> str:
    """Return "xlsx" for a workbook that may be opened; refuse any other archive."""
    archive = read_archive(path)
    if archive is None:
        raise _refused(f"Tệp “{name}” là tệp nén hỏng, không mở được.")
    if problem := archive.unpack_problem(name):
        raise _refused(problem)
    if archive.office_kind != "xlsx":
        label = kind_label(archive.office_kind)
        raise _refused(f"Tệp “{name}” là {label}, không phải {TABLES}.")
    return "xlsx"
