"""Parse one cell of an import file; each parser raises ValueError with a Vietnamese reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# Vietnam has kept UTC+7 without daylight saving since 1975.
LOCAL_OFFSET = timedelta(hours=7)


def parse_local_time(text: str) -> datetime:
    """Read ISO 8601 or dd/mm/yyyy[ HH:MM[:SS]] (local time unless an offset is given); return naive UTC."""
    if "/" in text:
        return _parse_day_first(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("không đọc được ngày giờ (dùng dd/mm/yyyy HH:MM hoặc ISO 8601)") from None
    if moment.tzinfo is None:
        return moment - LOCAL_OFFSET
    return moment.astimezone(UTC).replace(tzinfo=None)


def _parse_day_first(text: str) -> datetime:
    day_part, _, time_part = text.partition(" ")
    try:
        day, month, year = day_part.split("/")
        hour = minute = second = 0
        if time_part:
            pieces = time_part.strip().split(":")
            if len(pieces) not in (2, 3):
                raise ValueError
            hour, minute = int(pieces[0]), int(pieces[1])
            second = int(pieces[2]) if len(pieces) == 3 else 0
        if len(year) != 4:
            raise ValueError
        return datetime(int(year), int(month), int(day), hour, minute, second) - LOCAL_OFFSET
    except ValueError:
        raise ValueError("không đọc được ngày giờ (dùng dd/mm/yyyy HH:MM hoặc ISO 8601)") from None


def parse_count(text: str) -> int:
    """Read a whole number of dossiers or complaints (0 or more)."""
    stripped = text.strip()
    if stripped.endswith(".0"):
        stripped = stripped[:-2]
    if not stripped.isdigit():
        if stripped.startswith("-") and stripped[1:].isdigit():
            raise ValueError("số lượng không được âm")
        raise ValueError("phải là số nguyên không âm")
    return int(stripped)
