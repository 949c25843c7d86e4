"""API routes for monthly figures and findings."""

from flask import current_app

from webapp.api.blueprints import api_blueprint, api_user
from webapp.stats.dossier_lists import figure_list
from webapp.stats.queries import figures_rows, findings_for
from webapp.stats.rendered import kept
from webapp.stats.schemas import (
    DossierListSchema,
    DossierQuerySchema,
    FindingSchema,
    PeriodQuerySchema,
    UnitFiguresSchema,
)

blp = api_blueprint(
    "stats_api", __name__, "Số liệu giải quyết TTHC theo đơn vị và tháng; phát hiện"
)


@blp.route("/stats")
@blp.arguments(PeriodQuerySchema, location="query")
@blp.response(200, UnitFiguresSchema(many=True))
def list_stats(args):
    """List each visible unit's figures for a period."""
    # The rows are plain values of the schema's fields and types already: serialised as they
    # are (the schema documents them) in one json.dumps, and kept until the figures or the
    # units change, as the dashboard's parts are.
    user, period = api_user(), args["period"]
    body = kept(
        user,
        ("api_stats", period),
        # Compact, as Flask's own JSON answers outside debug mode.
        lambda: (
            current_app.json.dumps(figures_rows(user, period), separators=(",", ":")).encode()
            + b"\n"
        ),
    )
    return current_app.response_class(body, mimetype=current_app.json.mimetype)


@blp.route("/findings")
@blp.arguments(PeriodQuerySchema, location="query")
@blp.response(200, FindingSchema(many=True))
def list_findings(args):
    """List the period's findings with their repeat counts."""
    return findings_for(api_user(), args["period"])


@blp.route("/dossiers")
@blp.arguments(DossierQuerySchema, location="query")
@blp.response(200, DossierListSchema)
@blp.alt_response(404, description="Không có đơn vị này, hoặc đơn vị không phải của người hỏi")
def list_dossiers(args):
    """List the dossiers (or complaints) that make one figure of a unit and month."""
    listed = figure_list(
        api_user(), args["unit"], args["period"], args["figure"], args["limit"], args["offset"]
    )
    return {"total": listed.total, "items": listed.items}
