"""Check rows of monthly figures reported per unit, one unit and month a row.

A row names its unit by code or by name ("UBND phường Tân Tiến", "P. Tân Tiến"); a name is
matched as workflows.unit_names says, and remembered once the import is stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from webapp.imports.kinds import Problems, cell
from webapp.imports.values import parse_count
from webapp.stats.models import FIGURE_FIELDS
from workflows.periods import parse_period
from workflows.unit_names import Match, UnitNames, alias_key

# What only a report may give besides the figures (Biểu số 06): empty when it does not.
EXTRA_FIELDS = ("received_online", "carried_over")
STAGING = (
    ("unit_id", "int"),
    ("period", "text"),
    *((name, "int") for name in FIGURE_FIELDS),
    *((name, "int") for name in EXTRA_FIELDS),
)
KEY = ("unit_id", "period")


@dataclass
class ReportSummary:
    """What the importer keeps of a report once it is stored: the names it matched units by."""

    aliases: dict[str, int] = field(default_factory=dict)  # alias key → unit id
    periods: set[str] = field(default_factory=set)


def unit_problem(match: Match, text: str) -> str:
    """Say why a name found no unit: none, or several (naming them)."""
    if match.ambiguous:
        names = "; ".join(f"{unit.name} ({unit.code})" for unit in match.candidates)
        return f"tên này khớp nhiều đơn vị: {names}; hãy ghi mã đơn vị"
    return "không có đơn vị mang mã hoặc tên này"


class UnitNameBook:
    """Find each row's unit by code or name, and note the names to remember."""

    def __init__(self, names: UnitNames, summary: ReportSummary) -> None:
        self.names = names
        self.summary = summary

    def find(self, text: str) -> Match:
        match = self.names.find(text)
        unit = match.unit
        if unit is not None and text.strip().lower() != unit.code.lower() and text != unit.name:
            self.summary.aliases[alias_key(text)] = unit.id
        return match


class UnitStatsChecker:
    """Turn each reported row into a staging tuple, or record why it can't be."""

    def __init__(
        self,
        positions: dict[str, int],
        names: UnitNames,
        problems: Problems,
        period: str | None = None,
    ) -> None:
        self.positions = positions
        self.period = period  # the month the upload says every row reports on
        self.summary = ReportSummary()
        self.units = UnitNameBook(names, self.summary)
        self.problems = problems
        self.seen: dict[tuple[int, str], int] = {}

    def check(self, number: int, cells: list[str]) -> tuple | None:
        at = self.positions
        add = self.problems.add
        before = self.problems.count
        unit_text = cell(cells, at["unit_code"])
        match = self.units.find(unit_text)
        if match.unit is None:
            add(number, "unit_code", unit_text, unit_problem(match, unit_text))
        period_text = cell(cells, at["period"])
        try:
            period = parse_period(period_text)
        except ValueError as exc:
            add(number, "period", period_text, str(exc))
            period = None
        if period is not None and self.period and period != self.period:
            add(number, "period", period, f"khác kỳ {self.period} đã chọn khi tải lên")
        counts = {}
        for name in FIGURE_FIELDS:
            text = cell(cells, at[name])
            try:
                counts[name] = parse_count(text)
            except ValueError as exc:
                add(number, name, text, str(exc))
        extras = {}
        for name in EXTRA_FIELDS:
            text = cell(cells, at[name]) if name in at else ""
            try:
                extras[name] = parse_count(text) if text else None
            except ValueError as exc:
                add(number, name, text, str(exc))
        if (
            "closed_late_in_software" in counts
            and "resolved_late" in counts
            and (counts["closed_late_in_software"] > counts["resolved_late"])
        ):
            add(
                number,
                "closed_late_in_software",
                str(counts["closed_late_in_software"]),
                "không thể lớn hơn số hồ sơ giải quyết quá hạn",
            )
        if match.unit is not None and period is not None:
            first = self.seen.setdefault((match.unit.id, period), number)
            if first != number:
                add(number, "period", period, f"đơn vị và kỳ này đã có ở dòng {first}")
        if self.problems.count != before:
            return None
        self.summary.periods.add(period)
        return (
            match.unit.id,
            period,
            *(counts[name] for name in FIGURE_FIELDS),
            *(extras[name] for name in EXTRA_FIELDS),
        )

    def finish(self) -> ReportSummary:
        """Nothing to check across rows; hand over the names to remember."""
        return self.summary
