"""Check dossier rows: codes, units, channels, and the order of their dates."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from webapp.imports.columns import CHANNEL_WORDS
from webapp.imports.kinds import Problems, cell
from webapp.imports.reading import nfc
from webapp.imports.values import TimeReader, parse_local_time

STAGING = (
    ("code", "text"),
    ("unit_id", "int"),
    ("procedure_code", "text"),
    ("channel", "text"),
    ("received_at", "time"),
    ("due_at", "time"),
    ("returned_at", "time"),
    ("finished_at", "time"),
    ("received_month", "int"),
    ("due_month", "int"),
    ("finished_month", "int"),
    ("delayed_by_unit_id", "int"),
)
KEY = ("code",)
CODE_MAX = 64
TIME_COLUMNS = ("received_at", "due_at", "returned_at", "finished_at")
# The dates that may not come before the receipt, with the reason given when one does.
AFTER_RECEIPT = (
    ("due_at", "ngày hẹn trả trước ngày tiếp nhận"),
    ("finished_at", "ngày kết thúc trước ngày tiếp nhận"),
    ("returned_at", "ngày trả kết quả trước ngày tiếp nhận"),
)


class DossierChecker:
    """Turn each dossier row into a staging tuple, or record why it can't be.

    A row is read once, straight from its cells; only a row with a problem is read again, cell by
    cell, to name every problem it has. Good rows are counted as the dossier counts group them
    (unit, months received, due and finished, finished late, closed late in the software).
    """

    def __init__(
        self,
        positions: dict[str, int],
        units: dict[str, int],
        problems: Problems,
        times: TimeReader,
    ) -> None:
        self.positions = positions
        self.units = units
        self.problems = problems
        self.times = times
        self.seen: dict[str, int] = {}
        self.counted: Counter = Counter()
        self.width = max(positions.values()) + 1
        # The optional column naming the unit that made a dossier late, when the file has it.
        self._at_delayed = positions.get("delayed_by_unit_code")
        self._at = tuple(
            positions[name]
            for name in ("dossier_code", "unit_code", "procedure_code", "channel", *TIME_COLUMNS)
        )

    def check(self, number: int, cells: list[str]) -> tuple | None:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        (
            at_code,
            at_unit,
            at_procedure,
            at_channel,
            at_received,
            at_due,
            at_returned,
            at_finished,
        ) = self._at
        code = nfc(cells[at_code])
        unit_id = self.units.get(cells[at_unit].strip())
        procedure = nfc(cells[at_procedure])
        channel = CHANNEL_WORDS.get(nfc(cells[at_channel]).lower())
        read = self.times.read
        # Stored times are UTC text of one fixed width: comparing the text compares the times.
        try:
            received, received_month = read(cells[at_received].strip())
            due, due_month = read(cells[at_due].strip())
            returned_text = cells[at_returned].strip()
            returned = read(returned_text)[0] if returned_text else None
            finished_text = cells[at_finished].strip()
            finished, finished_month = read(finished_text) if finished_text else (None, None)
        except ValueError:
            received = None
        delayed_code = cells[self._at_delayed].strip() if self._at_delayed is not None else ""
        delayed_by = self.units.get(delayed_code) if delayed_code else None
        if (
            received is None
            or not code
            or len(code) > CODE_MAX
            or code in self.seen
            or unit_id is None
            or not procedure
            or len(procedure) > CODE_MAX
            or channel is None
            or due < received
            or (finished is not None and finished < received)
            or (returned is not None and returned < received)
            or (delayed_code and (delayed_by is None or delayed_by == unit_id))
        ):
            self._report(number, cells)
            return None
        self.seen[code] = number
        late = finished is not None and finished > due
        self.counted[
            (
                unit_id,
                received_month,
                due_month,
                finished_month,
                late,
                late and returned is not None and returned <= due,
            )
        ] += 1
        return (
            code,
            unit_id,
            procedure,
            channel,
            received,
            due,
            returned,
            finished,
            received_month,
            due_month,
            finished_month,
            delayed_by,
        )

    def finish(self) -> Counter:
        """Return the good rows counted by unit, months and lateness."""
        return self.counted

    def _report(self, number: int, cells: list[str]) -> None:
        """Record every problem of a row that failed the quick check."""
        at = self.positions
        add = self.problems.add
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
        if unit_code not in self.units:
            add(number, "unit_code", unit_code, "không có đơn vị mang mã này")
        if "delayed_by_unit_code" in at:
            delayed = cell(cells, at["delayed_by_unit_code"])
            if delayed and delayed not in self.units:
                add(number, "delayed_by_unit_code", delayed, "không có đơn vị mang mã này")
            elif delayed and delayed == unit_code:
                add(number, "delayed_by_unit_code", delayed, "đơn vị làm chậm là chính đơn vị")
        procedure = nfc(cell(cells, at["procedure_code"]))
        if not procedure or len(procedure) > CODE_MAX:
            add(
                number, "procedure_code", procedure, f"mã thủ tục phải có từ 1 đến {CODE_MAX} ký tự"
            )
        channel_text = cell(cells, at["channel"])
        if nfc(channel_text).lower() not in CHANNEL_WORDS:
            add(number, "channel", channel_text, "kênh nộp phải là online, direct hoặc postal")
        times = {
            column: self._time(number, cells, column, required=column in ("received_at", "due_at"))
            for column in TIME_COLUMNS
        }
        received = times["received_at"]
        if received is None:
            return
        for column, reason in AFTER_RECEIPT:
            if times[column] is not None and times[column] < received:
                add(number, column, cell(cells, at[column]), reason)

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
