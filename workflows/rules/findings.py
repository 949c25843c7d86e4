"""Findings over monthly figures: which units fall short, on which rule, how often."""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from workflows.periods import shift_period
from workflows.rules.figures import MonthFigures

DEFAULT_RATE_THRESHOLD = 97.0
REPEAT_WINDOW_MONTHS = 12
# Biên Hòa's rule: a unit failing the same rule 3 times or more faces disciplinary measures.
REPEAT_FLAG_AT = 3


class Rule(enum.StrEnum):
    RATE_BELOW_THRESHOLD = "rate_below_threshold"
    CLOSED_LATE_IN_SOFTWARE = "closed_late_in_software"
    COMPLAINTS = "complaints"
    PENDING_OVERDUE = "pending_overdue"
    DELAYED_OTHERS = "delayed_others"

    @property
    def label(self) -> str:
        return RULE_LABELS[self]


RULE_LABELS = {
    Rule.RATE_BELOW_THRESHOLD: "Tỷ lệ giải quyết hồ sơ đúng hạn dưới ngưỡng",
    Rule.CLOSED_LATE_IN_SOFTWARE: "Quên bấm kết thúc hồ sơ (trễ hạn trên phần mềm)",
    Rule.COMPLAINTS: "Bị phản ánh, kiến nghị",
    Rule.PENDING_OVERDUE: "Còn hồ sơ quá hạn chưa giải quyết",
    Rule.DELAYED_OTHERS: "Làm chậm hồ sơ liên thông của đơn vị khác",
}


@dataclass(frozen=True)
class Finding:
    period: str
    unit_code: str
    rule: Rule
    value: float
    threshold: float
    repeat_count: int
    # How many failing months in the window call for disciplinary review (configurable).
    flag_at: int = REPEAT_FLAG_AT

    @property
    def flagged(self) -> bool:
        """Repeated often enough to call for disciplinary review."""
        return self.repeat_count >= self.flag_at


def failed_rules(figures: MonthFigures, rate_threshold: float) -> list[tuple[Rule, float, float]]:
    """Return (rule, value, threshold) for every rule these figures break."""
    failures = []
    rate = figures.on_time_rate
    if rate is not None and rate < rate_threshold:
        failures.append((Rule.RATE_BELOW_THRESHOLD, round(rate, 2), rate_threshold))
    if figures.closed_late_in_software > 0:
        failures.append((Rule.CLOSED_LATE_IN_SOFTWARE, figures.closed_late_in_software, 0))
    if figures.complaints > 0:
        failures.append((Rule.COMPLAINTS, figures.complaints, 0))
    if figures.pending_overdue > 0:
        failures.append((Rule.PENDING_OVERDUE, figures.pending_overdue, 0))
    if figures.late_caused_elsewhere > 0:
        failures.append((Rule.DELAYED_OTHERS, figures.late_caused_elsewhere, 0))
    return failures


def find(
    history: Iterable[MonthFigures],
    period: str,
    rate_threshold: float = DEFAULT_RATE_THRESHOLD,
    flag_at: int = REPEAT_FLAG_AT,
) -> list[Finding]:
    """Return the findings of a period, each with its repeat count over the last 12 months.

    `history` holds the figures of the period and of the months before it (older ones are ignored).
    """
    first = shift_period(period, -(REPEAT_WINDOW_MONTHS - 1))
    by_unit_and_period = {
        (figures.unit_code, figures.period): figures
        for figures in history
        if first <= figures.period <= period
    }
    repeats: Counter[tuple[str, Rule]] = Counter()
    for figures in by_unit_and_period.values():
        for rule, _value, _threshold in failed_rules(figures, rate_threshold):
            repeats[figures.unit_code, rule] += 1
    month = [figures for (_code, month), figures in by_unit_and_period.items() if month == period]
    return judge(month, repeats, rate_threshold, flag_at)


def judge(
    month: Iterable[MonthFigures],
    repeats: Mapping[tuple[str, Rule], int],
    rate_threshold: float = DEFAULT_RATE_THRESHOLD,
    flag_at: int = REPEAT_FLAG_AT,
) -> list[Finding]:
    """Return the findings of one month's figures, by rule then unit.

    `repeats` gives, for a unit and a rule, how many months of the last 12 (this one included)
    broke it.
    """
    findings = [
        Finding(
            figures.period,
            figures.unit_code,
            rule,
            value,
            threshold,
            repeats[figures.unit_code, rule],
            flag_at,
        )
        for figures in month
        for rule, value, threshold in failed_rules(figures, rate_threshold)
    ]
    order = list(Rule)
    return sorted(findings, key=lambda f: (order.index(f.rule), f.unit_code))


@dataclass(frozen=True)
class CityMonth:
    period: str
    received: int
    resolved_on_time: int
    resolved_late: int
    pending_overdue: int
    closed_late_in_software: int
    complaints: int

    @property
    def overdue(self) -> int:
        return self.resolved_late + self.pending_overdue

    @property
    def on_time_rate(self) -> float | None:
        total = self.resolved_on_time + self.resolved_late
        return None if total == 0 else 100.0 * self.resolved_on_time / total


def city_series(history: Iterable[MonthFigures]) -> list[CityMonth]:
    """Return the city-wide totals per month, oldest first (the Bắc Giang letter's 1 → 36 → 42 → 55)."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for f in history:
        row = totals[f.period]
        for index, value in enumerate(
            (
                f.received,
                f.resolved_on_time,
                f.resolved_late,
                f.pending_overdue,
                f.closed_late_in_software,
                f.complaints,
            )
        ):
            row[index] += value
    return [CityMonth(period, *values) for period, values in sorted(totals.items())]
