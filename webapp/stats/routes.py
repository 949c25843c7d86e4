"""Pages: the month's dashboard, one unit's trends, the city's trend."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required

from webapp.exemptions.policies import may_request
from webapp.spreadsheets import XLSX_MIMETYPE
from webapp.stats.dashboard import View, figures_part
from webapp.stats.dossier_export import export_file_name, figure_workbook, shown_rows
from webapp.stats.dossier_lists import DISPUTABLE_FIGURES, PAGE_SIZE, every_row, figure_list
from webapp.stats.queries import known_periods, latest_period, rate_threshold
from webapp.stats.rendered import PART_SLOT, init_rendered_parts, kept, page_around
from webapp.stats.trends import unit_charts, unit_trend
from webapp.units.queries import visible_unit_or_404
from workflows.periods import PERIOD_PATTERN

bp = Blueprint("stats", __name__, template_folder="templates")


@bp.record_once
def _keep_rendered_parts(state) -> None:
    init_rendered_parts(state.app)


def _requested_period(latest: str | None) -> str | None:
    """The period asked for, the latest one when it is malformed; None while no figures exist."""
    if latest is None:
        return None
    period = request.args.get("period", "")
    return period if PERIOD_PATTERN.match(period) else latest


@bp.route("/stats")
@login_required
def dashboard():
    periods = kept(
        current_user,
        ("periods",),
        lambda: tuple(known_periods(current_user)),
        size=lambda found: 64 * len(found),
    )
    period = _requested_period(periods[0] if periods else None)
    if period is None:
        return render_template("stats/empty.html")
    view = View.of(
        request.args.get("kind", ""),
        request.args.get("failing") == "1",
        request.args.get("sort", "name"),
        request.args.get("dir") == "desc",
    )
    figures = figures_part(current_user, period, view)
    page = render_template(
        "stats/dashboard.html",
        period=period,
        figures=PART_SLOT,
        periods=periods,
        args=request.args,
    )
    return Response(page_around(page, figures), mimetype="text/html")


@bp.route("/stats/units/<code>")
@login_required
def unit(code: str):
    unit = visible_unit_or_404(current_user, code)
    period = _requested_period(latest_period(current_user))
    trend = unit_trend(current_user, unit, period) if period else []
    charts = unit_charts(trend, rate_threshold())
    return render_template("stats/unit.html", unit=unit, trend=trend, charts=charts, period=period)


@bp.route("/stats/dossiers")
@login_required
def dossiers():
    page = max(1, request.args.get("page", 1, type=int) or 1)
    listed = figure_list(
        current_user,
        request.args.get("unit", ""),
        request.args.get("period", ""),
        request.args.get("figure", ""),
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    return render_template(
        "stats/dossiers.html",
        listed=listed,
        rows=shown_rows(listed),
        page=page,
        page_size=PAGE_SIZE,
        can_request=may_request(current_user) and listed.figure in DISPUTABLE_FIGURES,
    )


@bp.route("/stats/dossiers.xlsx")
@login_required
def dossiers_export():
    listed = every_row(
        current_user,
        request.args.get("unit", ""),
        request.args.get("period", ""),
        request.args.get("figure", ""),
    )
    return Response(
        figure_workbook(listed),
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{export_file_name(listed)}"',
            "Cache-Control": "no-store",
        },
    )
