"""Document, on every API operation, the error answers it can give, instead of a catch-all.

Every answer may be 400 (a NUL character or a body that is not JSON); a route behind a token may
be 401 (no valid token) and 403 (the caller's role may not); a route naming an object in its path
may be 404 (no such object, or one the caller may not see), and 409 when it changes that object
(its state may not allow the change); a route taking input may be 422; an upload may be 413;
every route reads the database, so may be 503 while it is away. Statuses a route documents itself
keep their description; every error answer gets the Error body, and a 401 and a 503 the header
they always carry (WWW-Authenticate, Retry-After).
"""

from __future__ import annotations

from apispec import BasePlugin

from webapp.error_messages import MESSAGES, RETRY_AFTER

BAD_REQUEST = 400
UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT = 401, 403, 404, 409
TOO_LARGE, INVALID = 413, 422
DATABASE_AWAY = 503
INPUT_METHODS = {"post", "put", "patch"}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
ERROR_HEADERS = {
    str(UNAUTHENTICATED): {
        "WWW-Authenticate": {
            "description": "Cách xác thực: mã truy cập Bearer",
            "required": True,
            "schema": {"type": "string", "pattern": "^Bearer "},
        }
    },
    str(DATABASE_AWAY): {
        "Retry-After": {
            "description": "Số giây nên chờ trước khi gửi lại yêu cầu",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "example": RETRY_AFTER},
        }
    },
}


def error_statuses(path: str, method: str, operation: dict) -> list[int]:
    """Return the error statuses an operation can answer, by what it takes and who may call it."""
    statuses = [BAD_REQUEST]
    if operation.get("security") != []:
        statuses += [UNAUTHENTICATED, FORBIDDEN]
    if "{" in path:
        statuses.append(NOT_FOUND)
        if method in INPUT_METHODS:
            statuses.append(CONFLICT)
    takes_input = method in INPUT_METHODS or any(
        parameter.get("in") == "query" for parameter in operation.get("parameters", [])
    )
    if takes_input:
        statuses.append(INVALID)
    if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
        statuses.append(TOO_LARGE)
    statuses.append(DATABASE_AWAY)
    return statuses


class ErrorResponses(BasePlugin):
    """An apispec plugin adding each operation's error answers, in the project's error format."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            documented = {str(status) for status in responses}
            for status in error_statuses(path or "", method, operation):
                if str(status) not in documented:
                    responses[str(status)] = {"description": MESSAGES[status]}
            for status, response in responses.items():
                if int(status) >= BAD_REQUEST and isinstance(response, dict):
                    response.setdefault("content", ERROR_CONTENT)
                    if status in ERROR_HEADERS:
                        response.setdefault("headers", ERROR_HEADERS[status])
