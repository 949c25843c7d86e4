"""Files kept under the instance folder, named by their content's SHA-256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app


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
