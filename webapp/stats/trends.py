"""One unit's last twelve months, every month present (zeros where nothing was recorded), and the
charts of a series of months."""

from __future__ import annotations

from markupsafe import Markup

from webapp.auth.models import User
from webapp.stats.charts import bar_chart, line_chart
from webapp.stats.queries import history
from webapp.units.models import Unit
from workflows.numbers import percent_text
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


def rate_chart(trend, title: str, threshold: float) -> Markup:
    """Return the on-time rate of a series of months as a line over the threshold."""
    return line_chart(
        [(m.period, m.on_time_rate) for m in trend],
        title=title,
        threshold=threshold,
        y_max=100,
        y_label="%",
        value_format=percent_text,
    )


def unit_charts(trend: list[MonthFigures], threshold: float) -> dict[str, Markup]:
    """Return a unit's four trend charts: rate, overdue, forgot to finish, complaints."""
    return {
        "rate": rate_chart(trend, "Tỷ lệ giải quyết đúng hạn (%)", threshold),
        "overdue": bar_chart(
            [(m.period, m.pending_overdue) for m in trend],
            title="Hồ sơ đang giải quyết quá hạn",
            y_label="hồ sơ",
        ),
        "closed_late": bar_chart(
            [(m.period, m.closed_late_in_software) for m in trend],
            title="Quên bấm kết thúc (trễ hạn trên phần mềm)",
            y_label="hồ sơ",
        ),
        "complaints": bar_chart(
            [(m.period, m.complaints) for m in trend], title="Phản ánh, kiến nghị", y_label="lượt"
        ),
    }
