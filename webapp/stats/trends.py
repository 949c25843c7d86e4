"""One unit's last twelve months, every month present (zeros where nothing was recorded)."""

from __future__ import annotations

from webapp.auth.models import User
from webapp.stats.queries import history
from webapp.units.models import Unit
from workflows.periods import periods_between, shift_period
from workflows.rules.figures import MonthFigures
from workflows.rules.findings import REPEAT_WINDOW_MONTHS


def unit_trend(user: User, unit: Unit, last: str) -> list[MonthFigures]:
    """Return the unit's figures for the twelve months up to `last`, oldest first."""
    first = shift_period(last, -(REPEAT_WINDOW_MONTHS - 1))
    known = {f.period: f for f in history(user, first, last, unit_id=unit.id)}
    if not known:
        return []
    start = min(known)
    return [
        known.get(period) or MonthFigures(unit.code, period)
        for period in periods_between(start, last)
    ]
