"""Pages: the outgoing register (sổ văn bản đi) of a year, on screen and as XLSX."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from webapp.database import integer
from webapp.directives.register.export import XLSX_MIMETYPE, register_workbook
from webapp.directives.register.queries import (
    REGISTER_COLUMNS,
    current_year,
    register_bodies,
    register_rows,
    register_years,
)
from webapp.security import STAFF_ROLES, roles_required

# Its pages are among the letters' templates (webapp/directives/templates).
bp = Blueprint("register", __name__)

FIRST_YEAR = 2000
LAST_YEAR = 2100


def _requested_year() -> int:
    """Return the year asked for, this year when it is missing or out of range."""
    year = request.args.get("year", type=int)
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else current_year()


def _requested_body() -> int | None:
    """Return the issuing body asked for, None for every body."""
    return request.args.get("body", type=integer)


@bp.route("/register")
@roles_required(*STAFF_ROLES)
def index():
    year = _requested_year()
    body_id = _requested_body()
    return render_template(
        "directives/register.html",
        year=year,
        body_id=body_id,
        years=register_years(current_user),
        bodies=register_bodies(current_user),
        columns=REGISTER_COLUMNS,
        rows=register_rows(current_user, year, body_id),
    )


@bp.route("/register.xlsx")
@roles_required(*STAFF_ROLES)
def export():
    year = _requested_year()
    content = register_workbook(register_rows(current_user, year, _requested_body()), year)
    return Response(
        content,
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": f'attachment; filename="so-van-ban-di-{year}.xlsx"',
            "Cache-Control": "no-store",
        },
    )
