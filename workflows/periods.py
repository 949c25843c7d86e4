"""Reporting periods: calendar months in Vietnam's time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PERIOD_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


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
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


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


UTC_OFFSET = timedelta(hours=7)
