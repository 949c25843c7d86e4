"""Check rows of monthly figures reported per unit."""

from __future__ import annotations

from webapp.imports.kinds import Problems, cell
from webapp.imports.values import parse_count
from webapp.stats.models import FIGURE_FIELDS
from workflows.periods import parse_period

STAGING = (("unit_id", "int"), ("period", "text"), *((name, "int") for name in FIGURE_FIELDS))
KEY = ("unit_id", "period")


class UnitStatsChecker:
    """Turn each reported row into a staging tuple, or record why it can't be."""

    def __init__(
        self, positions: dict[str, int], units: dict[str, int], problems: Problems
    ) -> None:
        self.positions = positions
        self.units = units
        self.problems = problems
        self.seen: dict[tuple[int, str], int] = {}
        self.periods: set[str] = set()

    def check(self, number: int, cells: list[str]) -> tuple | None:
        at = self.positions
        add = self.problems.add
        before = self.problems.count
        unit_code = cell(cells, at["unit_code"])
        unit_id = self.units.get(unit_code)
        if unit_id is None:
            add(number, "unit_code", unit_code, "không có đơn vị mang mã này")
        period_text = cell(cells, at["period"])
        try:
            period = parse_period(period_text)
        except ValueError as exc:
            add(number, "period", period_text, str(exc))
            period = None
        counts = {}
        for name in FIGURE_FIELDS:
            text = cell(cells, at[name])
            try:
                counts[name] = parse_count(text)
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
        if unit_id is not None and period is not None:
            first = self.seen.setdefault((unit_id, period), number)
            if first != number:
                add(number, "period", period, f"đơn vị và kỳ này đã có ở dòng {first}")
        if self.problems.count != before:
            return None
        self.periods.add(period)
        return (unit_id, period, *(counts[name] for name in FIGURE_FIELDS))

    def finish(self) -> None:
        """Nothing to check across rows."""
        return None
