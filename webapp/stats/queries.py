"""Read monthly figures and findings within the caller's scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from flask import current_app
from sqlalchemy import Float, case, cast, exists, func, select
from sqlalchemy.orm import aliased

from webapp.auth.models import User
from webapp.extensions import db
from webapp.security import scope_to_user
from webapp.stats.dossier_lists import dossier_condition
from webapp.stats.models import FIGURE_FIELDS, Dossier, FiguresSource, UnitPeriodFigures
from webapp.units.models import Unit, UnitKind, by_kind_and_name
from workflows.periods import period_index, shift_period
from workflows.rules.figures import MonthFigures, on_time_rate
from workflows.rules.findings import REPEAT_WINDOW_MONTHS, CityMonth, Finding, Rule, judge


class UnitRow(NamedTuple):
    """The unit columns the figures pages show."""

    id: int
    code: str
    name: str
    kind: UnitKind


class FiguresRow(NamedTuple):
    """A unit's stored figures for one month, read as plain values."""

    received: int
    resolved_on_time: int
    resolved_late: int
    pending_on_time: int
    pending_overdue: int
    closed_late_in_software: int
    complaints: int
    source: FiguresSource
    report_overridden: bool
    exempted: int = 0
    late_caused_by_others: int = 0
    late_caused_elsewhere: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.resolved_on_time, self.resolved_late)


class UnitMonth(NamedTuple):
    """A unit with its figures for one month (None when nothing is known for it)."""

    unit: UnitRow
    figures: FiguresRow | None


# The inter-unit counts the rules read after the figures (MonthFigures' last fields).
DELAY_FIELDS = ("late_caused_by_others", "late_caused_elsewhere", "exempted")

# The counts the CLI and API give after the figures.
_COUNTED_AFTER = ("exempted", "late_caused_by_others", "late_caused_elsewhere")

_FIGURES_COLUMNS = [
    *(getattr(UnitPeriodFigures, name) for name in FIGURE_FIELDS),
    UnitPeriodFigures.source,
    UnitPeriodFigures.report_overridden,
    UnitPeriodFigures.exempted,
    UnitPeriodFigures.late_caused_by_others,
    UnitPeriodFigures.late_caused_elsewhere,
]


def rate_threshold() -> float:
    return current_app.config["ON_TIME_RATE_THRESHOLD"]


def known_periods(user: User) -> list[str]:
    """Return every period with figures the user may see, newest first.

    Walks down the period index one month at a time (each step the newest period before the
    last one found) instead of reading every unit's row of every month.
    """

    def newest(before=None):
        stmt = select(func.max(UnitPeriodFigures.period))
        if before is not None:
            stmt = stmt.where(UnitPeriodFigures.period < before)
        return scope_to_user(stmt, user, UnitPeriodFigures.unit_id).scalar_subquery()

    found = select(newest().label("period")).cte("found", recursive=True)
    found = found.union_all(select(newest(found.c.period)).where(found.c.period.is_not(None)))
    stmt = select(found.c.period).where(found.c.period.is_not(None))
    return list(db.session.scalars(stmt.order_by(found.c.period.desc())))


def latest_period(user: User) -> str | None:
    """Return the newest period with figures the user may see."""
    stmt = scope_to_user(
        select(func.max(UnitPeriodFigures.period)), user, UnitPeriodFigures.unit_id
    )
    return db.session.scalar(stmt)


def dossiers_cover(period: str) -> bool:
    """Whether the month's figures were counted from the one-stop system's dossiers.

    Its export covers every unit: a unit with no dossier in it had none that month (zeros), where
    a month known only from the units' reports says nothing of a unit that sent none.
    """
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    UnitPeriodFigures.period == period,
                    UnitPeriodFigures.source == FiguresSource.DOSSIERS,
                )
            )
        )
    )


def period_has_figures(period: str) -> bool:
    return bool(db.session.scalar(select(exists().where(UnitPeriodFigures.period == period))))


def no_dossiers() -> FiguresRow:
    """The figures of a unit the month's dossiers never name: zeros, no rate."""
    return FiguresRow(0, 0, 0, 0, 0, 0, 0, FiguresSource.DOSSIERS, False)


def unit_months(user: User, period: str) -> list[UnitMonth]:
    """Return every visible unit with its figures for the period, departments first.

    A unit without a row has zeros when the month was counted from dossiers (no_dossiers()), and
    no figures (None: none arrived) when it is known only from reports.
    """
    stmt = (
        select(Unit.id, Unit.code, Unit.name, Unit.kind, UnitPeriodFigures.id, *_FIGURES_COLUMNS)
        .outerjoin(
            UnitPeriodFigures,
            (UnitPeriodFigures.unit_id == Unit.id) & (UnitPeriodFigures.period == period),
        )
        .order_by(*by_kind_and_name())
    )
    stmt = scope_to_user(stmt, user, Unit.id)
    missing = no_dossiers() if dossiers_cover(period) else None
    return [
        UnitMonth(UnitRow(*row[:4]), missing if row[4] is None else FiguresRow(*row[5:]))
        for row in db.session.execute(stmt)
    ]


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
    columns = [getattr(UnitPeriodFigures, name) for name in (*FIGURE_FIELDS, *DELAY_FIELDS)]
    return (
        select(Unit.code, UnitPeriodFigures.period, *columns)
        .join(Unit, Unit.id == UnitPeriodFigures.unit_id)
        .where(UnitPeriodFigures.period >= first, UnitPeriodFigures.period <= last)
        .order_by(UnitPeriodFigures.period, Unit.code)
    )


def rule_broken(rule: Rule, threshold: float):
    """Return the SQL condition under which a stored month breaks the rule (as failed_rules says)."""
    figures = UnitPeriodFigures
    if rule is Rule.RATE_BELOW_THRESHOLD:
        resolved = figures.resolved_on_time + figures.resolved_late
        # The rate computed as on_time_rate() does, in floating point, so the boundary is the same.
        rate = cast(figures.resolved_on_time, Float) * 100.0 / cast(resolved, Float)
        return (resolved > 0) & (rate < threshold)
    column = {
        Rule.CLOSED_LATE_IN_SOFTWARE: figures.closed_late_in_software,
        Rule.COMPLAINTS: figures.complaints,
        Rule.PENDING_OVERDUE: figures.pending_overdue,
        Rule.DELAYED_OTHERS: figures.late_caused_elsewhere,
    }[rule]
    return column > 0


def repeat_counts(user: User, period: str, threshold: float) -> dict[tuple[str, Rule], int]:
    """Return, per visible unit and rule, how many of the 12 months up to `period` broke it."""
    rules = list(Rule)
    stmt = (
        select(
            Unit.code,
            *(func.sum(case((rule_broken(rule, threshold), 1), else_=0)) for rule in rules),
        )
        .join(Unit, Unit.id == UnitPeriodFigures.unit_id)
        .where(
            UnitPeriodFigures.period >= shift_period(period, -(REPEAT_WINDOW_MONTHS - 1)),
            UnitPeriodFigures.period <= period,
        )
        .group_by(Unit.code)
    )
    stmt = scope_to_user(stmt, user, UnitPeriodFigures.unit_id)
    return {
        (code, rule): int(count)
        for code, *counts in db.session.execute(stmt)
        for rule, count in zip(rules, counts, strict=True)
    }


def findings_for(user: User, period: str) -> list[Finding]:
    """Return the period's findings for the units the user may see.

    The rules judge the period's rows; the repeat counts are summed in SQL, one row per unit,
    instead of judging every unit's every month in Python.
    """
    threshold = rate_threshold()
    month = history(user, period, period)
    if not month:
        return []
    flag_at = int(current_app.config["REPEAT_FLAG_AT"])
    return judge(month, repeat_counts(user, period, threshold), threshold, flag_at)


def city_trend(user: User, last: str, months: int = REPEAT_WINDOW_MONTHS) -> list[CityMonth]:
    """Return the totals of the visible units per month, for the months up to `last`."""
    columns = (
        "received",
        "resolved_on_time",
        "resolved_late",
        "pending_overdue",
        "closed_late_in_software",
        "complaints",
    )
    stmt = (
        select(
            UnitPeriodFigures.period,
            *(func.sum(getattr(UnitPeriodFigures, name)) for name in columns),
        )
        .where(
            UnitPeriodFigures.period >= shift_period(last, -(months - 1)),
            UnitPeriodFigures.period <= last,
        )
        .group_by(UnitPeriodFigures.period)
        .order_by(UnitPeriodFigures.period)
    )
    stmt = scope_to_user(stmt, user, UnitPeriodFigures.unit_id)
    return [
        CityMonth(period, *(int(total) for total in totals))
        for period, *totals in db.session.execute(stmt)
    ]


def figures_rows(user: User, period: str) -> list[dict]:
    """Return one plain row per visible unit for a month with figures (CLI and API shape),
    departments first, then by name.

    A unit whose figures never arrived (a month known from reports only) is listed with zeros,
    no rate and no source. Read as plain columns straight into the rows: the API answers a
    thousand units with it on every call."""
    if not period_has_figures(period):
        return []
    counted = (*FIGURE_FIELDS, *_COUNTED_AFTER)
    stmt = (
        select(
            Unit.code,
            UnitPeriodFigures.id,
            UnitPeriodFigures.source,
            *(getattr(UnitPeriodFigures, name) for name in counted),
        )
        .outerjoin(
            UnitPeriodFigures,
            (UnitPeriodFigures.unit_id == Unit.id) & (UnitPeriodFigures.period == period),
        )
        .order_by(Unit.kind, Unit.name)
    )
    stmt = scope_to_user(stmt, user, Unit.id)
    # A unit without a row: zeros counted from the dossiers, or nothing arrived (no source).
    missing_source = FiguresSource.DOSSIERS.value if dossiers_cover(period) else None
    zeros = dict.fromkeys(counted, 0)
    on_time, late = counted.index("resolved_on_time"), counted.index("resolved_late")
    rows = []
    for code, figures_id, source, *values in db.session.execute(stmt):
        if figures_id is None:
            rows.append(
                {
                    "unit_code": code,
                    "period": period,
                    **zeros,
                    "on_time_rate": None,
                    "source": missing_source,
                }
            )
            continue
        rate = on_time_rate(values[on_time], values[late])
        row = {"unit_code": code, "period": period, **dict(zip(counted, values, strict=True))}
        row["on_time_rate"] = None if rate is None else round(rate, 2)
        row["source"] = FiguresSource(source).value
        rows.append(row)
    return rows


def inter_unit_delays(period: str) -> dict[str, dict[str, int]]:
    """{unit that made dossiers late: {unit whose dossiers: how many}} for the month's late
    dossiers that name the unit whose step delayed them (exempted ones left out)."""
    delaying = aliased(Unit)
    stmt = (
        select(delaying.code, Unit.code, func.count())
        .select_from(Dossier)
        .join(Unit, Unit.id == Dossier.unit_id)
        .join(delaying, delaying.id == Dossier.delayed_by_unit_id)
        # The same dossiers as the figure late_caused_by_others counts.
        .where(dossier_condition("late_caused_by_others", period_index(period)))
        .group_by(delaying.code, Unit.code)
    )
    found: dict[str, dict[str, int]] = {}
    for by_code, unit_code, count in db.session.execute(stmt):
        found.setdefault(by_code, {})[unit_code] = count
    return found
