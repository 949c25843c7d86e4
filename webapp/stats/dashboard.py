"""The month's dashboard: rows to show, their order, the cells that fail, findings grouped by rule."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from webapp.auth.models import User
from webapp.stats.basis import RULE_FIGURES
from webapp.stats.charts import bar_chart
from webapp.stats.queries import (
    FiguresRow,
    UnitMonth,
    UnitRow,
    city_trend,
    findings_for,
    rate_threshold,
    unit_months,
)
from webapp.stats.rendered import rendered
from webapp.stats.trends import rate_chart
from webapp.units.models import UnitKind
from workflows.letters.draft_types import UnitInfo
from workflows.letters.naming import in_letter_order, short_name
from workflows.rules.findings import Finding, Rule
from workflows.vietnamese_order import vietnamese_key

SORT_KEYS = {
    "name": lambda row: vietnamese_key(row.unit.name),
    "received": lambda row: row.value("received"),
    "resolved_on_time": lambda row: row.value("resolved_on_time"),
    "resolved_late": lambda row: row.value("resolved_late"),
    "on_time_rate": lambda row: row.rate,
    "pending_on_time": lambda row: row.value("pending_on_time"),
    "pending_overdue": lambda row: row.value("pending_overdue"),
    "closed_late_in_software": lambda row: row.value("closed_late_in_software"),
    "complaints": lambda row: row.value("complaints"),
}

# Which figure each rule is read from, to highlight the failing cell.
RULE_COLUMNS = {
    Rule.RATE_BELOW_THRESHOLD: "on_time_rate",
    Rule.PENDING_OVERDUE: "pending_overdue",
    Rule.CLOSED_LATE_IN_SOFTWARE: "closed_late_in_software",
    Rule.COMPLAINTS: "complaints",
    Rule.DELAYED_OTHERS: "late_caused_elsewhere",
}


@dataclass(frozen=True)
class View:
    """What the query string asks the dashboard to show, with unknown values left out."""

    kind: str = ""
    failing_only: bool = False
    sort: str = "name"
    descending: bool = False

    @classmethod
    def of(cls, kind: str, failing_only: bool, sort: str, descending: bool) -> View:
        """Return the view asked for, ignoring an unknown kind and an unknown sort column."""
        return cls(
            kind if kind in {k.value for k in UnitKind} else "",
            failing_only,
            sort if sort in SORT_KEYS else "name",
            descending,
        )


@dataclass
class DashboardRow:
    unit: UnitRow
    figures: FiguresRow | None
    failing: set[str]

    def value(self, name: str) -> int:
        return getattr(self.figures, name) if self.figures is not None else -1

    @property
    def rate(self) -> float | None:
        return self.figures.on_time_rate if self.figures is not None else None


@dataclass
class FindingGroup:
    rule: Rule
    findings: list[Finding]
    names: dict[str, str]


@dataclass
class Dashboard:
    period: str
    rows: list[DashboardRow]
    groups: list[FindingGroup]
    threshold: float
    view: View


def figures_part(user: User, period: str, view: View) -> bytes:
    """Return the month's findings, figures table and city trend as the user may see them, rendered.

    The part is kept until the figures or the units change (webapp.stats.rendered); nothing in it
    depends on who asks beyond which units they may see.
    """

    def render() -> str:
        board = build_dashboard(user, period, view)
        trend = city_trend(user, period)
        charts = {
            "overdue": bar_chart(
                [(m.period, m.overdue) for m in trend],
                title="Hồ sơ quá hạn toàn thành phố theo tháng",
                y_label="hồ sơ",
            ),
            "rate": rate_chart(
                trend, "Tỷ lệ giải quyết đúng hạn toàn thành phố (%)", board.threshold
            ),
        }
        return render_template(
            "stats/_figures.html",
            board=board,
            trend=trend,
            charts=charts,
            rule_figures=RULE_FIGURES,
        )

    return rendered(user, ("dashboard", period, view, rate_threshold()), render)


def build_dashboard(user: User, period: str, view: View = View()) -> Dashboard:
    """Return the period's rows (filtered and sorted) and findings grouped like the seed letter."""
    items: list[UnitMonth] = unit_months(user, period)
    # Each rule's units as the letters list them: departments first, then in Vietnamese order.
    findings = in_letter_order(
        findings_for(user, period),
        [UnitInfo(item.unit.code, item.unit.name, item.unit.kind.value) for item in items],
    )
    failing: dict[str, set[str]] = {}
    for finding in findings:
        failing.setdefault(finding.unit_code, set()).add(RULE_COLUMNS[finding.rule])
    names = {item.unit.code: short_name(item.unit.name) for item in items}
    rows = [
        DashboardRow(item.unit, item.figures, failing.get(item.unit.code, set())) for item in items
    ]
    if view.kind:
        rows = [row for row in rows if row.unit.kind.value == view.kind]
    if view.failing_only:
        rows = [row for row in rows if row.failing]
    sort, descending = view.sort, view.descending
    if sort != "name":
        # Units without figures (or without a rate) stay last whichever way the column sorts.
        known, unknown = [], []
        for row in rows:
            has_value = row.figures is not None and (sort != "on_time_rate" or row.rate is not None)
            (known if has_value else unknown).append(row)
        rows = sorted(known, key=SORT_KEYS[sort], reverse=descending) + unknown
    else:
        rows.sort(key=SORT_KEYS[sort], reverse=descending)
    groups = [
        FindingGroup(rule, [f for f in findings if f.rule == rule], names)
        for rule in Rule
        if any(f.rule == rule for f in findings)
    ]
    return Dashboard(period, rows, groups, rate_threshold(), view)
