"""The audit trail page."""

from datetime import date

from flask import Blueprint, render_template, request
from flask_login import current_user

from webapp.audit.display import event_rows
from webapp.audit.labels import AUDIT_ACTION_LABELS, ENTITY_ALIASES, ENTITY_LABELS
from webapp.audit.queries import AuditFilters, actor_choices, recent_events
from webapp.database import integer
from webapp.security import STAFF_ROLES, roles_required
from webapp.units.queries import visible_units

bp = Blueprint("audit", __name__, template_folder="templates")

ACTION_CHOICES = sorted(AUDIT_ACTION_LABELS.items(), key=lambda item: item[1])
ENTITY_CHOICES = sorted(
    ((kind, label) for kind, label in ENTITY_LABELS.items() if kind not in ENTITY_ALIASES),
    key=lambda item: item[1],
)


def _filters() -> AuditFilters:
    """Read the filters from the query string; a value that is not one of the choices is dropped."""
    args = request.args
    action, entity = args.get("action", ""), args.get("entity", "")
    return AuditFilters(
        action=action if action in AUDIT_ACTION_LABELS else "",
        entity=entity if entity in ENTITY_LABELS else "",
        entity_id=(args.get("entity_id") or args.get("id", "")).strip()[:64],  # id: as the API
        actor_id=args.get("actor", type=integer),
        unit_id=args.get("unit", type=integer),
        date_from=args.get("date_from", type=date.fromisoformat),
        date_to=args.get("date_to", type=date.fromisoformat),
    )


@bp.route("/audit")
@roles_required(*STAFF_ROLES)
def index():
    filters = _filters()
    listed = recent_events(current_user, filters, request.args.get("page", 1, type=integer) or 1)
    return render_template(
        "audit/index.html",
        listed=listed,
        rows=event_rows(listed.events, current_user),
        filters=filters,
        query=filters.as_query(),
        actions=ACTION_CHOICES,
        entities=ENTITY_CHOICES,
        actors=actor_choices(),
        units=visible_units(current_user),
    )
