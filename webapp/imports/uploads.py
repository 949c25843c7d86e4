"""Keep uploaded import files outside the web root, named by their content hash."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from workflows.errors import InvalidInput


def upload_dir() -> Path:
    folder = Path(current_app.instance_path, "uploads", "imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_upload(checksum: str) -> Path:
    """Return the path of a stored upload by its SHA-256."""
    return upload_dir() / f"{checksum}.bin"


def store_upload(file: FileStorage | None) -> tuple[str, str]:
    """Save an uploaded file under its SHA-256; return (checksum, original file name)."""
    if file is None or not file.filename:
        raise InvalidInput(
            "Chưa chọn tệp để nhập.", [{"field": "file", "message": "Chưa chọn tệp."}]
        )
    limit = current_app.config["IMPORT_MAX_BYTES"]
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=upload_dir(), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := file.stream.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise InvalidInput(
                        f"Tệp vượt giới hạn {limit / 1e6:.0f} MB.",
                        [{"field": "file", "message": f"Tệp vượt giới hạn {limit / 1e6:.0f} MB."}],
                    )
                digest.update(chunk)
                out.write(chunk)
        checksum = digest.hexdigest()
        os.replace(temporary, stored_upload(checksum))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return checksum, Path(file.filename).name[:255]
