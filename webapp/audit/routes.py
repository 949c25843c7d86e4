"""The audit trail page."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from webapp.audit.queries import recent_events
from webapp.database import integer
from webapp.security import STAFF_ROLES, roles_required

bp = Blueprint("audit", __name__, template_folder="templates")


@bp.route("/audit")
@roles_required(*STAFF_ROLES)
def index():
    filters = {
        key: request.args.get(key, "").strip()[:64] for key in ("entity", "entity_id", "action")
    }
    page = request.args.get("page", 1, type=integer) or 1
    events = recent_events(current_user, page=page, **filters)
    return render_template("audit/index.html", events=events, filters=filters, page=page)
