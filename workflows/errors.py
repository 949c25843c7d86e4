"""Domain errors: what an operation refuses, in words a user can read."""

from __future__ import annotations


class DomainError(Exception):
    """An operation was refused; the message is shown to the user as it is."""

    status = 400

    def __init__(self, message: str, details: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 422
