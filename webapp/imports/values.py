"""Parse one cell of an import file; each parser raises ValueError with a Vietnamese reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from workflows.periods import UTC_OFFSET, month_index_of

TIME_FORMATS = "không đọc được ngày giờ (dùng dd/mm/yyyy HH:MM hoặc ISO 8601)"
# The largest count an INTEGER column holds.
COUNT_MAX = 2**31 - 1
# dd/mm/yyyy, dd/mm/yyyy HH:MM and dd/mm/yyyy HH:MM:SS, what the one-stop system exports.
_FIXED_DAY_FIRST = frozenset({10, 16, 19})


def parse_local_time(text: str) -> datetime:
    """Read ISO 8601 or dd/mm/yyyy[ HH:MM[:SS]] (local time unless an offset is given); return naive UTC."""
    if "/" in text:
        return _parse_day_first(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(TIME_FORMATS) from None
    if moment.tzinfo is None:
        return moment - UTC_OFFSET
    return moment.astimezone(UTC).replace(tzinfo=None)


def _parse_day_first(text: str) -> datetime:
    # The usual zero-padded form is rearranged into ISO and read by the C parser: a million rows
    # take a second less than splitting each one here.
    if (
        len(text) in _FIXED_DAY_FIRST
        and text[2] == "/"
        and text[5] == "/"
        and (len(text) == 10 or text[10] == " ")
    ):
        try:
            local = datetime.fromisoformat(f"{text[6:10]}-{text[3:5]}-{text[:2]}{text[10:]}")
        except ValueError:
            pass
        else:
            if local.tzinfo is None:
                return local - UTC_OFFSET
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
        return datetime(int(year), int(month), int(day), hour, minute, second) - UTC_OFFSET
    except ValueError:
        raise ValueError(TIME_FORMATS) from None


def parse_count(text: str) -> int:
    """Read a whole number of dossiers or complaints (0 or more)."""
    stripped = text.strip()
    if stripped.endswith(".0"):
        stripped = stripped[:-2]
    digits = stripped.removeprefix("-")
    # Only the digits 0-9: "²" passes isdigit() and int() refuses it.
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError("phải là số nguyên không âm")
    if digits != stripped:
        raise ValueError("số lượng không được âm")
    if len(digits) > len(str(COUNT_MAX)) or int(digits) > COUNT_MAX:
        raise ValueError(f"số quá lớn (tối đa {COUNT_MAX:,})".replace(",", "."))
    return int(digits)


class TimeReader:
    """Read import times as stored UTC text with their Vietnam-time month number.

    The one-stop system writes dd/mm/yyyy HH:MM or yyyy-mm-ddTHH:MM:SS; the few thousand distinct
    days and minutes of a file are each checked once and remembered, so a million rows cost
    dictionary lookups, not date arithmetic. Other forms go through parse_local_time.
    """

    def __init__(self, suffix: str = "") -> None:
        self.suffix = suffix  # what the database wants after the time, e.g. "+00"
        # "05/01/2024" or "2024-01-05" -> (ISO date, the day before, month number, ISO form?),
        # or False when it is no date of these forms.
        self._days: dict[str, tuple[str, str, int, bool] | bool] = {}
        # " 10:00", "T10:00:00" or "" -> (UTC clock text, on the day before?, "T" form?) or False.
        self._clocks: dict[str, tuple[str, bool, bool] | bool] = {}

    def read(self, text: str) -> tuple[str, int]:
        """Return (UTC text, month number) of a local time; raise ValueError when unreadable."""
        day_text, clock_text = text[:10], text[10:]
        day = self._days.get(day_text)
        if day is None:
            day = self._days[day_text] = _known_day(day_text)
        if day:
            clock = self._clocks.get(clock_text)
            if clock is None:
                clock = self._clocks[clock_text] = _utc_clock(clock_text)
            # dd/mm/yyyy takes a space before the time; ISO takes a space or a T.
            if clock and (day[3] or not clock[2]):
                return f"{day[1] if clock[1] else day[0]} {clock[0]}{self.suffix}", day[2]
        moment = parse_local_time(text)
        return f"{moment.isoformat(' ', 'microseconds')}{self.suffix}", month_index_of(moment)


def _known_day(text: str) -> tuple[str, str, int, bool] | bool:
    """Return (ISO date, the day before, month number, ISO form?) of dd/mm/yyyy or yyyy-mm-dd."""
    try:
        if len(text) != 10:
            return False
        if text[2] == "/" and text[5] == "/":
            parts, iso = (text[6:], text[3:5], text[:2]), False
        elif text[4] == "-" and text[7] == "-":
            parts, iso = (text[:4], text[5:7], text[8:]), True
        else:
            return False
        if not all(part.isdigit() and part.isascii() for part in parts):
            return False
        day = date(*map(int, parts))
    except ValueError:
        return False
    before = (day - timedelta(days=1)).isoformat()
    return day.isoformat(), before, day.year * 12 + day.month - 1, iso


def _utc_clock(text: str) -> tuple[str, bool, bool] | bool:
    """Return (UTC clock text, on the day before?, "T" form?) of " HH:MM[:SS]", "" (midnight)."""
    if not text:
        hour = minute = second = 0
    elif len(text) in (6, 9) and text[0] in " T" and text[3] == ":" and text[6:7] in ("", ":"):
        parts = (text[1:3], text[4:6], text[7:9] or "00")
        if not all(part.isdigit() and part.isascii() for part in parts):
            return False
        hour, minute, second = map(int, parts)
        if hour > 23 or minute > 59 or second > 59:
            return False
    else:
        return False
    utc = hour * 3600 + minute * 60 + second - int(UTC_OFFSET.total_seconds())
    clock = f"{utc % 86400 // 3600:02d}:{utc % 3600 // 60:02d}:{utc % 60:02d}.000000"
    return clock, utc < 0, text[:1] == "T"
