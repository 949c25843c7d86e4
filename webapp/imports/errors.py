"""Why a file cannot be read at all."""

from __future__ import annotations


class FileRejected(Exception):
    """The file as a whole cannot be read; the message says why, in Vietnamese."""

    def __init__(self, message: str, column: str = "", value: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.value = value
