"""The findings and the city trend read set-based in SQL agree with the pure rules, month by month."""

from __future__ import annotations

import random

import pytest

from tests import factories
from webapp.stats.queries import city_trend, findings_for, history
from workflows.periods import periods_between, shift_period
from workflows.rules.findings import REPEAT_WINDOW_MONTHS, Rule, city_series, find

PERIODS = periods_between("2022-11", "2024-02")
# (resolved on time, resolved late): on the threshold, just under it, nothing resolved, all late.
EDGES = ((97, 3), (32, 1), (0, 0), (0, 4), (970, 30), (9699, 301))


@pytest.fixture
def months(make_unit):
    """Sixteen months of figures for eight units, some months missing, many rules broken."""
    rng = random.Random(20240101)
    delays = random.Random(7)  # a stream of its own: the others' months stay as they were
    units = [make_unit(f"U{number}", kind="ward") for number in range(1, 9)]
    for unit in units:
        for period in PERIODS:
            if rng.random() < 0.15:
                continue
            on_time, late = (
                rng.choice(EDGES)
                if rng.random() < 0.4
                else (rng.randrange(20, 120), rng.choice((0, 0, 1, 2, 5)))
            )
            factories.month_figures(
                unit,
                period,
                received=on_time + late + rng.randrange(5),
                resolved_on_time=on_time,
                resolved_late=late,
                pending_on_time=rng.randrange(4),
                pending_overdue=rng.choice((0, 0, 0, 1, 3)),
                closed_late_in_software=min(late, rng.choice((0, 0, 1, 2))),
                complaints=rng.choice((0, 0, 0, 0, 1)),
                late_caused_elsewhere=delays.choice((0, 0, 0, 0, 0, 2)),
            )
    return units


@pytest.fixture
def office(make_user):
    return make_user("office")


def test_every_rule_is_counted_in_sql_as_the_rules_count_it(app, months, office, monkeypatch):
    compared = 0
    for threshold in (97.0, 96.97, 90.5):
        monkeypatch.setitem(app.config, "ON_TIME_RATE_THRESHOLD", threshold)
        for period in PERIODS:
            window = history(office, shift_period(period, -(REPEAT_WINDOW_MONTHS - 1)), period)
            expected = find(window, period, threshold)

            assert findings_for(office, period) == expected, (threshold, period)
            compared += len(expected)
    assert compared > 200
    # The data reach every rule and repeats up to the flag.
    found = findings_for(office, "2024-02")
    assert {f.rule for f in found} == set(Rule)
    assert max(f.repeat_count for f in found) >= 3


def test_a_rate_exactly_on_the_threshold_is_no_finding_in_sql_either(app, make_unit, office):
    unit = make_unit("BIEN")
    for period, (on_time, late) in zip(("2024-01", "2024-02"), ((97, 3), (96, 3)), strict=True):
        factories.month_figures(unit, period, resolved_on_time=on_time, resolved_late=late)

    assert findings_for(office, "2024-01") == []
    (finding,) = findings_for(office, "2024-02")
    assert (finding.rule, finding.value, finding.repeat_count) == (
        Rule.RATE_BELOW_THRESHOLD,
        96.97,
        1,
    )


def test_a_unit_user_gets_its_own_findings_with_the_same_repeat_counts(months, make_user, office):
    unit = months[2]
    user = make_user("unit", unit=unit)
    for period in PERIODS[-4:]:
        everyone = findings_for(office, period)

        assert findings_for(user, period) == [f for f in everyone if f.unit_code == unit.code]


def test_the_city_trend_sums_as_the_city_series_does(months, office, make_user):
    for last in PERIODS[::3]:
        first = shift_period(last, -(REPEAT_WINDOW_MONTHS - 1))

        assert city_trend(office, last) == city_series(history(office, first, last)), last
    user = make_user("unit", unit=months[0])
    own = history(user, "2023-03", "2024-02")
    assert {m.unit_code for m in own} == {"U1"}
    assert city_trend(user, "2024-02") == city_series(own)
