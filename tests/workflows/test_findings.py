"""Findings over monthly figures: pure rules, no database."""

import pytest

from workflows.periods import (
    parse_period,
    period_end,
    period_of,
    period_start,
    periods_between,
    shift_period,
)
from workflows.rules.figures import MonthFigures, on_time_rate
from workflows.rules.findings import Rule, city_series, failed_rules, find


def month(unit: str, period: str, **figures) -> MonthFigures:
    return MonthFigures(unit, period, **figures)


def test_rate_is_none_when_nothing_was_resolved():
    assert on_time_rate(0, 0) is None
    assert on_time_rate(2, 1) == pytest.approx(66.6667, abs=1e-3)
    assert on_time_rate(5, 0) == 100.0


def test_rate_exactly_at_the_threshold_passes():
    figures = month("A", "2024-01", resolved_on_time=97, resolved_late=3)
    assert failed_rules(figures, 97.0) == []


def test_each_rule_fails_on_its_own_figure():
    figures = month(
        "A",
        "2024-01",
        resolved_on_time=90,
        resolved_late=10,
        pending_overdue=2,
        closed_late_in_software=3,
        complaints=1,
    )
    rules = {rule: (value, threshold) for rule, value, threshold in failed_rules(figures, 97.0)}
    assert rules == {
        Rule.RATE_BELOW_THRESHOLD: (90.0, 97.0),
        Rule.PENDING_OVERDUE: (2, 0),
        Rule.CLOSED_LATE_IN_SOFTWARE: (3, 0),
        Rule.COMPLAINTS: (1, 0),
    }


def test_no_rate_finding_without_resolved_dossiers():
    assert failed_rules(month("A", "2024-01", received=5, pending_on_time=5), 97.0) == []


def test_repeat_count_counts_months_failing_the_same_rule_within_twelve_months():
    history = [
        month("A", "2023-01", complaints=1),  # 13 months before: outside the window
        month("A", "2023-06", complaints=2),
        month("A", "2023-09", closed_late_in_software=1),  # another rule: not a repeat
        month("A", "2023-12", complaints=1),
        month("A", "2024-01", complaints=1, closed_late_in_software=1),
        month("B", "2024-01", complaints=4),
    ]
    findings = {(f.unit_code, f.rule): f for f in find(history, "2024-01")}
    assert findings["A", Rule.COMPLAINTS].repeat_count == 3
    assert findings["A", Rule.COMPLAINTS].flagged
    assert findings["A", Rule.CLOSED_LATE_IN_SOFTWARE].repeat_count == 2
    assert not findings["A", Rule.CLOSED_LATE_IN_SOFTWARE].flagged
    assert findings["B", Rule.COMPLAINTS].repeat_count == 1


def test_only_the_asked_period_produces_findings_and_the_threshold_is_configurable():
    history = [
        month("A", "2023-12", complaints=1),
        month("A", "2024-01", resolved_on_time=95, resolved_late=5),
    ]
    assert [f.rule for f in find(history, "2024-01", rate_threshold=97)] == [
        Rule.RATE_BELOW_THRESHOLD
    ]
    assert find(history, "2024-01", rate_threshold=90) == []


def test_findings_are_ordered_by_rule_then_unit():
    history = [
        month("Z", "2024-01", complaints=1),
        month("A", "2024-01", complaints=1),
        month("M", "2024-01", resolved_on_time=1, resolved_late=1),
    ]
    assert [(f.rule, f.unit_code) for f in find(history, "2024-01")] == [
        (Rule.RATE_BELOW_THRESHOLD, "M"),
        (Rule.COMPLAINTS, "A"),
        (Rule.COMPLAINTS, "Z"),
    ]


def test_city_series_sums_overdue_per_month():
    history = [
        month("A", "2023-08", pending_overdue=1),
        month("A", "2023-09", resolved_late=20, pending_overdue=6),
        month("B", "2023-09", pending_overdue=10),
        month("B", "2023-10", resolved_late=42),
    ]
    assert [(m.period, m.overdue) for m in city_series(history)] == [
        ("2023-08", 1),
        ("2023-09", 36),
        ("2023-10", 42),
    ]


def test_periods_follow_vietnam_time():
    assert period_start("2024-01").isoformat() == "2023-12-31T17:00:00+00:00"
    assert period_end("2024-12").isoformat() == "2024-12-31T17:00:00+00:00"
    assert period_of(period_start("2024-02")) == "2024-02"
    assert shift_period("2024-01", -1) == "2023-12"
    assert shift_period("2023-12", 13) == "2025-01"
    assert periods_between("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]


@pytest.mark.parametrize("text", ["2024-13", "2024-1", "01/2024", "", "2024-00"])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_period(text)
