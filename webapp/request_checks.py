"""Refuse, before any view runs, requests no view should read: a body larger than its route takes,
a NUL character (no database can store it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from flask import Flask, Request, abort, current_app, request
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream

from webapp.errors import error_response

NUL = "\x00"
# The body of a request to a route that takes no files: a page form or a JSON document.
FORM_MAX_BYTES = 2 * 1024 * 1024
UploadLimit = Callable[[dict], int]


def accepts_files(limit: UploadLimit):
    """Mark a view that takes files: its body may hold `limit(config)` bytes of them besides a
    form (put it next to the function, under the route and the other decorators)."""

    def mark(view):
        view.upload_limit = limit
        return view

    return mark


class _WholeOrRefused(LimitedStream):
    """A body sent without its length, read whole (a form, JSON) only if it ends within the
    limit: past it the reader gets 413, never the body cut short at the limit."""

    def readall(self) -> bytes:
        data = super().readall()
        if self.is_exhausted and self._stream.read(1):
            self.on_exhausted()
        return data


class BoundedRequest(Request):
    """A request whose body may be only as large as its route takes, so a larger one is refused
    (413) before it is read: announced too large, at once; sent without a length, once the
    route's limit is passed."""

    @Request.max_content_length.getter
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:
            return self._max_content_length
        if not current_app:
            return super().max_content_length
        config = current_app.config
        view = current_app.view_functions.get(self.endpoint) if self.endpoint else None
        limit = getattr(view, "upload_limit", None)
        allowed = FORM_MAX_BYTES + (limit(config) if limit else 0)
        ceiling = config.get("MAX_CONTENT_LENGTH")
        return min(allowed, ceiling) if ceiling else allowed

    @cached_property
    def stream(self) -> IO[bytes]:
        """Return the body as a stream; one sent without its length is read whole or refused."""
        limit = self.max_content_length
        chunked = "wsgi.input_terminated" in self.environ and self.content_length is None
        if chunked and limit is not None and not self.shallow:
            return _WholeOrRefused(self.environ["wsgi.input"], limit, is_max=True)
        return Request.stream.fget(self)


def refuse_oversized_bodies() -> None:
    """Answer 413 to a body announced larger than its route takes, whether or not the view
    would read it, before a byte of it is read."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def refuse_nul_characters():
    """Answer 400 naming the field when the path, a query or form field, an uploaded file's
    name, or JSON holds NUL."""
    fields = [("path", request.path)]
    fields += [(name, value) for name, value in request.args.items(multi=True)]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fields += [(name, value) for name, value in request.form.items(multi=True)]
        fields += [(name, file.filename) for name, file in request.files.items(multi=True)]
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
    app.request_class = BoundedRequest
    app.before_request(refuse_oversized_bodies)
    app.before_request(refuse_nul_characters)
