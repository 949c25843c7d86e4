"""Check complaint rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from webapp.imports.columns import COMPLAINT_CHANNEL_WORDS
from webapp.imports.kinds import Problems, cell
from webapp.imports.reading import nfc
from webapp.imports.values import parse_local_time

STAGING = (
    ("code", "text"),
    ("unit_id", "int"),
    ("received_at", "time"),
    ("channel", "text"),
    ("subject", "text"),
    ("official_name", "text"),
)
KEY = ("code",)
CODE_MAX, SUBJECT_MAX, NAME_MAX = 64, 500, 120


class ComplaintChecker:
    """Turn each complaint row into a staging tuple, or record why it can't be."""

    def __init__(
        self,
        positions: dict[str, int],
        units: dict[str, int],
        problems: Problems,
        timestamp: Callable[[datetime], object],
    ) -> None:
        self.positions = positions
        self.units = units
        self.problems = problems
        self.timestamp = timestamp
        self.seen: dict[str, int] = {}

    def check(self, number: int, cells: list[str]) -> tuple | None:
        at = self.positions
        add = self.problems.add
        before = self.problems.count
        code = nfc(cell(cells, at["complaint_code"]))
        if not code or len(code) > CODE_MAX:
            add(number, "complaint_code", code, f"mã phản ánh phải có từ 1 đến {CODE_MAX} ký tự")
        elif code in self.seen:
            add(number, "complaint_code", code, f"mã phản ánh trùng với dòng {self.seen[code]}")
        else:
            self.seen[code] = number
        unit_code = cell(cells, at["unit_code"])
        unit_id = self.units.get(unit_code)
        if unit_id is None:
            add(number, "unit_code", unit_code, "không có đơn vị mang mã này")
        received_text = cell(cells, at["received_at"])
        received = None
        if not received_text:
            add(number, "received_at", "", "thiếu ngày giờ")
        else:
            try:
                received = parse_local_time(received_text)
            except ValueError as exc:
                add(number, "received_at", received_text, str(exc))
        channel_text = cell(cells, at["channel"])
        channel = COMPLAINT_CHANNEL_WORDS.get(nfc(channel_text).lower())
        if channel is None:
            add(
                number,
                "channel",
                channel_text,
                "kênh phản ánh phải là hotline_1022, national_portal hoặc direct",
            )
        subject = nfc(cell(cells, at["subject"]))
        if len(subject) > SUBJECT_MAX:
            add(number, "subject", subject, f"nội dung dài quá {SUBJECT_MAX} ký tự")
        official = nfc(cell(cells, at["official_name"]))
        if len(official) > NAME_MAX:
            add(number, "official_name", official, f"tên công chức dài quá {NAME_MAX} ký tự")
        if self.problems.count != before:
            return None
        return (code, unit_id, self.timestamp(received), channel, subject, official)

    def finish(self) -> None:
        """Nothing to check across rows."""
        return None
