"""Error answers: JSON under /api, Vietnamese pages elsewhere; never a bare 500 for bad input."""

from __future__ import annotations

import logging
import sqlite3

import psycopg
from flask import Flask, current_app, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.audit.operations import record_security_event
from webapp.error_messages import CSRF_MESSAGE, MESSAGES, RETRY_AFTER
from webapp.extensions import db
from workflows.errors import DomainError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """Tell whether the current request is an API call."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None, details: list | None = None):
    """Answer an error as JSON for the API or as a page for people."""
    message = message or MESSAGES.get(status, MESSAGES[400])
    if wants_json():
        response = jsonify({"error": message, "details": details or []})
        response.status_code = status
        return response
    # A server error may come from the database: the menu then asks it for no counts.
    page = render_template(
        "error.html", status=status, message=message, details=details, menu_counts=status < 500
    )
    return page, status


def handle_http_exception(error: HTTPException):
    """Turn any HTTP error into the project's answer."""
    if isinstance(error, CSRFError):
        return _csrf_failure()
    status = error.code or 500
    if status >= 500:
        log.error("server error on %s %s", request.method, request.path, exc_info=error)
    data = getattr(error, "data", None) or {}
    details = _flatten_validation(data.get("messages") or data.get("errors") or {})
    message = data.get("message")
    if message is None and status != 422 and error.description and not _is_default(error):
        message = error.description
    response = current_app.make_response(error_response(status, message, details))
    response.headers.update(_error_headers(error))
    response.headers.update(data.get("headers") or {})
    if status == 401 and wants_json():
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _is_default(error: HTTPException) -> bool:
    return error.description == type(error).description


def _error_headers(error: HTTPException) -> dict[str, str]:
    """Return the headers the error itself carries (Allow on a 405), without its HTML body's type."""
    return {
        name: value
        for name, value in error.get_headers(request.environ)
        if name.lower() != "content-type"
    }


def _flatten_validation(messages, path: tuple = ()) -> list[dict]:
    """Turn webargs' nested {"json": {"field": ["msg"]}} into a flat list of problems."""
    if isinstance(messages, dict):
        details = []
        for key, value in messages.items():
            details.extend(_flatten_validation(value, (*path, str(key))))
        return details
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        location, *field = path or ("body",)
        return [
            {"location": location, "field": ".".join(field), "message": message}
            for message in messages
        ]
    if isinstance(messages, list):
        details = []
        for index, value in enumerate(messages):
            details.extend(_flatten_validation(value, (*path, str(index))))
        return details
    return [
        {
            "location": path[0] if path else "body",
            "field": ".".join(path[1:]),
            "message": str(messages),
        }
    ]


def _csrf_failure():
    actor = current_user if current_user.is_authenticated else None
    record_security_event(
        actor,
        "request",
        request.path[:64],
        "csrf_rejected",
        actor_name=getattr(actor, "username", ""),
        comment=request.method,
    )
    return error_response(400, CSRF_MESSAGE)


def register_error_handlers(app: Flask) -> None:
    """Register the handlers for HTTP errors, domain errors and unexpected exceptions."""
    app.register_error_handler(HTTPException, handle_http_exception)

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        db.session.rollback()
        return error_response(error.status, error.message, error.details)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, DBAPIError) and database_away(error):
            return _database_away(error)
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return handle_http_exception(InternalServerError(original_exception=error))


def database_away(error: DBAPIError) -> bool:
    """Tell whether a database error means the server is gone, restarting or busy, not a bug."""
    if error.connection_invalidated or isinstance(error.orig, psycopg.OperationalError):
        return True
    return isinstance(error.orig, sqlite3.OperationalError) and "locked" in str(error.orig)


def _database_away(error: DBAPIError):
    """Answer 503 with Retry-After: the transaction was not committed, the request may be retried."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.invalidate()
    log.warning("database away on %s %s: %s", request.method, request.path, error.orig)
    response = current_app.make_response(error_response(503))
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response
