"""Build the requests an attacker sends: raw multipart bodies with any file name and declared
type, and look at what the app kept afterwards (rows and files)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from sqlalchemy import func, select

from webapp.extensions import db

# The same words in decomposed (NFD) and composed (NFC) Unicode.
NFD_NAME = "UBND phu\u031bo\u031b\u0300ng Ta\u0302n Tie\u0302\u0301n"
NFC_NAME = "UBND phường Tân Tiến"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 24
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 48
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 57


def multipart(fields=(), files=()) -> tuple[bytes, str]:
    """Return a multipart body and its content type: fields are (name, value) pairs, files are
    (field, file name, declared type, bytes), every name sent exactly as given."""
    boundary = "hostile" + secrets.token_hex(8)
    body = bytearray()
    for name, value in fields:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        body += str(value).encode() + b"\r\n"
    for field, file_name, declared, data in files:
        quoted = file_name.replace("\\", "\\\\").replace('"', '\\"')
        body += (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{field}"; filename="{quoted}"\r\nContent-Type: {declared}\r\n\r\n'
        ).encode()
        body += data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), f"multipart/form-data; boundary={boundary}"


def post_multipart(client, path: str, fields=(), files=(), headers=None):
    """Post a raw multipart body built by multipart()."""
    body, content_type = multipart(fields, files)
    return client.post(path, data=body, content_type=content_type, headers=headers or {})


def post_form(client, page: str, action: str, data: dict):
    """Post a form as its page sends it: the page's CSRF token and the fields, multipart."""
    token = csrf_of(client.get(page))
    return post_multipart(client, action, [("csrf_token", token), *form_pairs(data)])


def accepted(client, page: str, action: str, data: dict) -> None:
    """Post a form that must be accepted (the page redirects)."""
    answer = post_form(client, page, action, data)
    assert answer.status_code == 302, page_text(answer)[:2000]


def form_pairs(data: dict):
    """Yield a form's (name, value) pairs, one per value of a multi-valued field."""
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            yield name, one


def field_errors(html: str, field_id: str) -> list[str]:
    """Return the errors a page shows inside one field's box."""
    box = re.search(
        rf'<div class="field has-error">\s*<label for="{re.escape(field_id)}".*?</div>', html, re.S
    )
    return re.findall(r'<p class="error" role="alert">(.*?)</p>', box.group(0)) if box else []


def csrf_of(page) -> str:
    """Return the CSRF token of a page's first form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def stored(model, *criteria):
    """Return the one stored row of a model matching the criteria, read afresh."""
    db.session.expire_all()
    return db.session.scalars(select(model).where(*criteria)).one()


def row_counts(*models) -> dict[str, int]:
    """Return how many rows each model's table holds."""
    db.session.expire_all()
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in models
    }


def files_under(root: Path) -> set[str]:
    """Return every file under a folder, as paths relative to it."""
    if not root.exists():
        return set()
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def page_text(response) -> str:
    """Return a page's body as text."""
    return response.get_data(as_text=True)
