"""Refuse, before any view runs, request text no database can store: a NUL character."""

from __future__ import annotations

from flask import Flask, request

from webapp.errors import error_response

NUL = "\x00"


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def refuse_nul_characters():
    """Answer 400 naming the field when the path, a query or form field, or JSON holds NUL."""
    fields = [("path", request.path)]
    fields += [(name, value) for name, value in request.args.items(multi=True)]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fields += [(name, value) for name, value in request.form.items(multi=True)]
    if request.is_json:
        fields.append(("json", request.get_json(silent=True)))
    bad = [name for name, value in fields if _has_nul(value) or _has_nul(name)]
    if bad:
        return error_response(
            400,
            "Dữ liệu gửi lên chứa ký tự NUL (mã 0), không được chấp nhận.",
            [{"field": name, "message": "Bỏ ký tự NUL khỏi giá trị này."} for name in bad],
        )
    return None


def register_request_checks(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
