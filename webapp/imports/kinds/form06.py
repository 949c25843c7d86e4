"""Check the rows of a report in the official form (Biểu số 06/VPCP/KSTT): one unit a row,
named by name (or code), under section rows, with subtotal and total rows that are checked and
never stored (workflows.form06 reads the form's words).

Early and on-time resolutions both count as resolved on time; received is what came in during
the month (online, direct or by post), carried over is kept beside it. The form says nothing of
dossiers closed late in the software or of complaints: those are stored as 0."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from webapp.imports.kinds import CHECKED_ONLY, Problems, cell
from webapp.imports.kinds.unit_stats import ReportSummary, UnitNameBook, unit_problem
from webapp.imports.reading import Table, nfc
from webapp.imports.values import parse_count
from workflows import form06
from workflows.unit_names import UnitNames

THOUSANDS = re.compile(r"\d{1,3}([.,\s]\d{3})+")


def form_count(text: str) -> int:
    """A figure of the form: empty or a dash is 0; thousands may be grouped ("1.234")."""
    text = text.strip()
    if text in ("", "-", "–"):
        return 0
    if THOUSANDS.fullmatch(text):
        text = re.sub(r"[.,\s]", "", text)
    return parse_count(text)


class Form06Checker:
    """Turn each unit's row into a staging tuple of unit_stats; check sections and totals."""

    def __init__(
        self,
        layout: form06.Layout,
        period: str,
        names: UnitNames,
        problems: Problems,
    ) -> None:
        self.layout = layout
        self.period = period
        self.summary = ReportSummary(periods={period})
        self.units = UnitNameBook(names, self.summary)
        self.problems = problems
        self.seen: dict[int, int] = {}  # unit id → its row
        self.all_units: list[dict[str, int]] = []
        self.section: list[dict[str, int]] = []
        # A section row that carries its figures: checked once its units are read.
        self.section_row: tuple[int, dict[str, int]] | None = None

    def _values(self, number: int, cells: list[str]) -> dict[str, int] | None:
        values, good = {}, True
        for name, position in self.layout.columns.items():
            text = cell(cells, position)
            try:
                values[name] = form_count(text)
            except ValueError as exc:
                self.problems.add(number, name, text, str(exc))
                good = False
        return values if good else None

    def _check_sum(self, number: int, values: dict[str, int], units: list[dict[str, int]]):
        for name, why in form06.adds_up(values, units):
            self.problems.add(number, name, str(values[name]), why)

    def _close_section(self) -> None:
        if self.section_row is not None:
            number, values = self.section_row
            self._check_sum(number, values, self.section)
        self.section_row, self.section = None, []

    def check(self, number: int, cells: list[str]) -> tuple | None:
        layout = self.layout
        stt, name = cell(cells, layout.stt), cell(cells, layout.name)
        kind = form06.row_kind(stt, name)
        figures_given = any(cell(cells, p) for p in layout.columns.values())
        if kind == form06.SECTION:
            self._close_section()
            if figures_given and (values := self._values(number, cells)) is not None:
                self.section_row = (number, values)
            return CHECKED_ONLY
        if kind in (form06.SUBTOTAL, form06.TOTAL):
            values = self._values(number, cells)
            if values is not None:
                self._check_sum(
                    number, values, self.section if kind == form06.SUBTOTAL else self.all_units
                )
            if kind == form06.SUBTOTAL:
                self.section_row = None
            else:
                self._close_section()
            return CHECKED_ONLY
        return self._unit_row(number, cells, name)

    def _unit_row(self, number: int, cells: list[str], name: str) -> tuple | None:
        before = self.problems.count
        named = cell(cells, self.layout.code) if self.layout.code is not None else ""
        named = named or name
        match = self.units.find(named)
        if match.unit is None:
            self.problems.add(number, "unit_code", named, unit_problem(match, named))
        values = self._values(number, cells)
        if values is not None:
            for total, why in form06.sum_problems(values):
                self.problems.add(number, total, str(values[total]), why)
            self.all_units.append(values)
            self.section.append(values)
        if match.unit is not None:
            first = self.seen.setdefault(match.unit.id, number)
            if first != number:
                self.problems.add(
                    number, "unit_code", named, f"đơn vị {match.unit.name} đã có ở dòng {first}"
                )
        if self.problems.count != before or values is None:
            return None
        return (
            match.unit.id,
            self.period,
            values["received_online"] + values["received_direct"],
            values["resolved_early"] + values["resolved_on_time"],
            values["resolved_late"],
            values["pending_within"],
            values["pending_overdue"],
            0,  # closed late in the software: not on the form
            0,  # complaints: not on the form
            values["received_online"],
            values["carried_over"],
        )

    def finish(self) -> ReportSummary:
        """Check the last section's figures; hand over the names to remember."""
        self._close_section()
        return self.summary


# The most rows a form's header spans under its first.
MORE_HEADER_ROWS = 3


@dataclass(frozen=True)
class Form06Header:
    """The form's header as read: where its columns are, and the month it reports on."""

    layout: form06.Layout
    period: str


def read_form06_header(
    table: Table, problems: Problems, given: str | None = None
) -> tuple[Form06Header | None, Iterator[tuple[int, list[str]]]]:
    """Read the rest of the form's header from the table's rows, and its period from the rows
    above (which must agree with the period given with the upload, if any; a form that names
    none takes it); return the header (None after recording its problems) and the rows left."""
    rows = table.rows
    header_rows = [table.header]
    pending: list[tuple[int, list[str]]] = []
    _stt, name_at, _code = form06.label_columns(table.header)
    for number, cells in rows:
        cells = [nfc(text) for text in cells]
        if len(header_rows) <= MORE_HEADER_ROWS and form06.is_header_row(cells, name_at):
            header_rows.append(cells)
            continue
        if not form06.is_numbering_row(cells):
            pending.append((number, cells))
        break
    read = form06.read_header(header_rows)
    for problem in read.problems:
        problems.add(table.header_row, problem.column, problem.value, problem.message)
    above = [" ".join(cells) for _number, cells in table.above]
    period, why = form06.period_of(above)
    if period is None and given and not form06.names_a_period(above):
        period = given
    elif period is None:
        problems.add(table.header_row, "period", "", why)
    elif given and period != given:
        problems.add(
            table.header_row,
            "period",
            period,
            f"biểu báo cáo kỳ {period}, nhưng khi tải lên đã chọn kỳ {given}",
        )
    rest = chain(pending, rows)
    if read.layout is None or period is None:
        return None, rest
    return Form06Header(read.layout, period), rest
