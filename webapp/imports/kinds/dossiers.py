"""Check dossier rows: codes, units, channels, and the order of their dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from webapp.imports.columns import CHANNEL_WORDS
from webapp.imports.kinds import Problems, cell
from webapp.imports.reading import nfc
from webapp.imports.values import parse_local_time

STAGING = (
    ("code", "text"),
    ("unit_id", "int"),
    ("procedure_code", "text"),
    ("channel", "text"),
    ("received_at", "time"),
    ("due_at", "time"),
    ("returned_at", "time"),
    ("finished_at", "time"),
)
KEY = ("code",)
CODE_MAX = 64


class DossierChecker:
    """Turn each dossier row into a staging tuple, or record why it can't be."""

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
        self.received_min: datetime | None = None

    def check(self, number: int, cells: list[str]) -> tuple | None:
        at = self.positions
        add = self.problems.add
        before = self.problems.count
        code = nfc(cell(cells, at["dossier_code"]))
        if not code:
            add(number, "dossier_code", "", "thiếu mã hồ sơ")
        elif len(code) > CODE_MAX:
            add(number, "dossier_code", code, f"mã hồ sơ dài quá {CODE_MAX} ký tự")
        elif code in self.seen:
            add(number, "dossier_code", code, f"mã hồ sơ trùng với dòng {self.seen[code]}")
        else:
            self.seen[code] = number
        unit_code = cell(cells, at["unit_code"])
        unit_id = self.units.get(unit_code)
        if unit_id is None:
            add(number, "unit_code", unit_code, "không có đơn vị mang mã này")
        procedure = nfc(cell(cells, at["procedure_code"]))
        if not procedure or len(procedure) > CODE_MAX:
            add(
                number, "procedure_code", procedure, f"mã thủ tục phải có từ 1 đến {CODE_MAX} ký tự"
            )
        channel_text = cell(cells, at["channel"])
        channel = CHANNEL_WORDS.get(nfc(channel_text).lower())
        if channel is None:
            add(number, "channel", channel_text, "kênh nộp phải là online, direct hoặc postal")
        received = self._time(number, cells, "received_at", required=True)
        due = self._time(number, cells, "due_at", required=True)
        returned = self._time(number, cells, "returned_at", required=False)
        finished = self._time(number, cells, "finished_at", required=False)
        if received is not None:
            if due is not None and due < received:
                add(
                    number, "due_at", cell(cells, at["due_at"]), "ngày hẹn trả trước ngày tiếp nhận"
                )
            if finished is not None and finished < received:
                add(
                    number,
                    "finished_at",
                    cell(cells, at["finished_at"]),
                    "ngày kết thúc trước ngày tiếp nhận",
                )
            if returned is not None and returned < received:
                add(
                    number,
                    "returned_at",
                    cell(cells, at["returned_at"]),
                    "ngày trả kết quả trước ngày tiếp nhận",
                )
        if self.problems.count != before:
            return None
        if self.received_min is None or received < self.received_min:
            self.received_min = received
        stamp = self.timestamp
        return (
            code,
            unit_id,
            procedure,
            channel,
            stamp(received),
            stamp(due),
            stamp(returned) if returned else None,
            stamp(finished) if finished else None,
        )

    def _time(self, number: int, cells: list[str], column: str, required: bool) -> datetime | None:
        text = cell(cells, self.positions[column])
        if not text:
            if required:
                self.problems.add(number, column, "", "thiếu ngày giờ")
            return None
        try:
            return parse_local_time(text)
        except ValueError as exc:
            self.problems.add(number, column, text, str(exc))
            return None
