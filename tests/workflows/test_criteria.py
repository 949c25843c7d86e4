"""Criteria over a month's figures: met, not met, not measurable, and bad criteria."""

from __future__ import annotations

import pytest

from workflows.errors import InvalidInput
from workflows.rules.criteria import Criterion, evaluate
from workflows.rules.figures import MonthFigures

RATE = Criterion.from_dict({"figure": "on_time_rate", "op": ">=", "value": 97})
NO_LATE_CLOSE = Criterion.from_dict({"figure": "closed_late_in_software", "op": "==", "value": 0})


def figures(**values) -> MonthFigures:
    return MonthFigures("TAMPHUOC", "2024-02", **values)


def test_a_rate_at_or_above_the_threshold_meets_it():
    assert evaluate(RATE, figures(resolved_on_time=97, resolved_late=3)).met is True
    result = evaluate(RATE, figures(resolved_on_time=90, resolved_late=10))
    assert result.met is False and result.value == 90.0
    assert "chưa đạt" in result.text


def test_counts_must_be_zero():
    assert evaluate(NO_LATE_CLOSE, figures(closed_late_in_software=0)).met is True
    assert evaluate(NO_LATE_CLOSE, figures(closed_late_in_software=2)).met is False


def test_no_figures_or_nothing_resolved_is_not_judged():
    assert evaluate(RATE, None).met is None
    assert evaluate(RATE, figures(received=5)).met is None


def test_the_criterion_reads_in_words():
    assert RATE.text == "Tỷ lệ giải quyết đúng hạn ≥ 97 %"
    half = Criterion.from_dict({"figure": "on_time_rate", "op": ">=", "value": 96.5})
    assert half.text == "Tỷ lệ giải quyết đúng hạn ≥ 96,5 %"


def test_a_rate_is_judged_in_words_with_its_percent_sign_and_decimal_comma():
    full = evaluate(RATE, figures(resolved_on_time=40))
    short = evaluate(RATE, figures(resolved_on_time=75, resolved_late=5))

    assert full.text == "Tỷ lệ giải quyết đúng hạn: 100 % (đạt)"
    assert short.text == "Tỷ lệ giải quyết đúng hạn: 93,75 % (chưa đạt)"


@pytest.mark.parametrize(
    "data",
    [
        {"figure": "beauty", "op": ">=", "value": 1},
        {"figure": "complaints", "op": "~", "value": 0},
        {"figure": "complaints", "op": "==", "value": "nhiều"},
    ],
)
def test_a_bad_criterion_is_refused(data):
    with pytest.raises(InvalidInput):
        Criterion.from_dict(data)


def test_a_department_is_judged_on_the_dossiers_it_made_late_elsewhere():
    criterion = Criterion.from_dict({"figure": "late_caused_elsewhere", "op": "==", "value": 0})

    still = evaluate(criterion, figures(late_caused_elsewhere=2))
    mended = evaluate(criterion, figures(late_caused_elsewhere=0))

    assert (still.met, still.value) == (False, 2.0)
    assert still.text == "Hồ sơ liên thông của đơn vị khác bị làm chậm: 2 (chưa đạt)"
    assert mended.met is True
