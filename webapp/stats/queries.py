"""Read monthly figures and findings within the caller's scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from webapp.auth.models import User
from webapp.extensions import db
from webapp.security import scope_to_user
from webapp.stats.models import FIGURE_FIELDS, UnitPeriodFigures
from webapp.units.models import Unit
from workflows.periods import shift_period
from workflows.rules.figures import MonthFigures
from workflows.rules.findings import REPEAT_WINDOW_MONTHS, CityMonth, Finding, city_series, find


@dataclass(frozen=True)
class UnitMonth:
    """A unit with its figures for one month (None when nothing is known for it)."""

    unit: Unit
    figures: UnitPeriodFigures | None


def rate_threshold() -> float:
    return current_app.config["ON_TIME_RATE_THRESHOLD"]


def known_periods(user: User) -> list[str]:
    """Return every period with figures the user may see, newest first."""
    stmt = scope_to_user(
        select(UnitPeriodFigures.period).distinct(), user, UnitPeriodFigures.unit_id
    ).order_by(UnitPeriodFigures.period.desc())
    return list(db.session.scalars(stmt))


def latest_period(user: User) -> str | None:
    """Return the newest period with figures the user may see."""
    stmt = scope_to_user(
        select(func.max(UnitPeriodFigures.period)), user, UnitPeriodFigures.unit_id
    )
    return db.session.scalar(stmt)


def unit_months(user: User, period: str) -> list[UnitMonth]:
    """Return every visible unit with its figures for the period, departments first."""
    stmt = (
        select(Unit, UnitPeriodFigures)
        .outerjoin(
            UnitPeriodFigures,
            (UnitPeriodFigures.unit_id == Unit.id) & (UnitPeriodFigures.period == period),
        )
        .order_by(Unit.kind, Unit.name)
    )
    stmt = scope_to_user(stmt, user, Unit.id)
    return [UnitMonth(unit, figures) for unit, figures in db.session.execute(stmt).all()]


def history(user: User, first: str, last: str, unit_id: int | None = None) -> list[MonthFigures]:
    """Return the figures of every visible unit (or one unit) from first to last, as rules read them."""
    stmt = _history(first, last)
    if unit_id is not None:
        stmt = stmt.where(UnitPeriodFigures.unit_id == unit_id)
    stmt = scope_to_user(stmt, user, UnitPeriodFigures.unit_id)
    return [MonthFigures(*row) for row in db.session.execute(stmt).all()]


def units_history(unit_ids: Iterable[int], first: str, last: str) -> list[MonthFigures]:
    """Return these units' figures from first to last, for work done by the system itself."""
    stmt = _history(first, last).where(UnitPeriodFigures.unit_id.in_(list(unit_ids)))
    return [MonthFigures(*row) for row in db.session.execute(stmt).all()]


def _history(first: str, last: str):
    columns = [getattr(UnitPeriodFigures, name) for name in FIGURE_FIELDS]
    return (
        select(Unit.code, UnitPeriodFigures.period, *columns)
        .join(Unit, Unit.id == UnitPeriodFigures.unit_id)
        .where(UnitPeriodFigures.period >= first, UnitPeriodFigures.period <= last)
        .order_by(UnitPeriodFigures.period, Unit.code)
    )


def findings_for(user: User, period: str) -> list[Finding]:
    """Return the period's findings for the units the user may see."""
    first = shift_period(period, -(REPEAT_WINDOW_MONTHS - 1))
    return find(history(user, first, period), period, rate_threshold())


def city_trend(user: User, last: str, months: int = REPEAT_WINDOW_MONTHS) -> list[CityMonth]:
    """Return the totals of the visible units per month, for the months up to `last`."""
    return city_series(history(user, shift_period(last, -(months - 1)), last))


def figures_rows(user: User, period: str) -> list[dict]:
    """Return one plain row per visible unit with figures for the period (CLI and API shape)."""
    rows = []
    for item in unit_months(user, period):
        if item.figures is None:
            continue
        figures = item.figures
        rate = figures.on_time_rate
        rows.append(
            {
                "unit_code": item.unit.code,
                "period": period,
                **{name: getattr(figures, name) for name in FIGURE_FIELDS},
                "on_time_rate": None if rate is None else round(rate, 2),
                "source": figures.source.value,
            }
        )
    return rows
