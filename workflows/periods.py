"""Reporting periods: calendar months in Vietnam's time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Vietnam has kept UTC+7 without daylight saving since 1975.
UTC_OFFSET = timedelta(hours=7)
PERIOD_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def local_today() -> date:
    """Return today's date in Vietnam's time zone."""
    return datetime.now(LOCAL_ZONE).date()


def parse_period(text: str) -> str:
    """Return a period "YYYY-MM" as given, or raise ValueError."""
    text = (text or "").strip()
    if not PERIOD_PATTERN.match(text):
        raise ValueError(f"kỳ phải có dạng YYYY-MM (ví dụ 2024-01), nhận được {text!r}")
    return text


def period_start(period: str) -> datetime:
    """Return the first instant of the period, in UTC."""
    year, month = int(period[:4]), int(period[5:7])
    return datetime(year, month, 1, tzinfo=LOCAL_ZONE).astimezone(UTC)


def period_end(period: str) -> datetime:
    """Return the first instant after the period, in UTC."""
    return period_start(shift_period(period, 1))


def shift_period(period: str, months: int) -> str:
    """Return the period `months` later (or earlier when negative)."""
    return period_at(period_index(period) + months)


def period_index(period: str) -> int:
    """Return a period's month number, year * 12 + month - 1 ("2024-01" is 24288)."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def period_at(index: int) -> str:
    """Return the period of a month number (the inverse of period_index)."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_index_of(utc_wall_time: datetime) -> int:
    """Return the month number of a naive UTC wall time, in Vietnam's time (UTC+7, no DST)."""
    local = utc_wall_time + UTC_OFFSET
    return local.year * 12 + local.month - 1


def periods_between(first: str, last: str) -> list[str]:
    """Return every period from first to last, both included."""
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        current = shift_period(current, 1)
    return periods


def period_of(moment: datetime) -> str:
    """Return the period a UTC instant falls in, in local time."""
    return moment.astimezone(LOCAL_ZONE).strftime("%Y-%m")


def period_label(period: str) -> str:
    """Return "tháng 01/2024" for "2024-01"."""
    return f"tháng {period[5:7]}/{period[:4]}"
