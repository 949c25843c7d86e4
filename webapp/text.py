"""Text as people type it, made what the app keeps: trimmed and in Unicode NFC."""

from __future__ import annotations

import unicodedata


def user_text(value: str | None) -> str:
    """Return typed text trimmed and composed (NFC), the one form every stored text takes."""
    text = (value or "").strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)
