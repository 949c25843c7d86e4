"""API route for the audit trail of one object."""

from webapp.api.blueprints import api_blueprint, api_user
from webapp.audit.queries import trail_of
from webapp.audit.schemas import AuditEventSchema, AuditQuerySchema

blp = api_blueprint("audit_api", __name__, "Nhật ký kiểm tra (audit trail)")


@blp.route("/audit")
@blp.arguments(AuditQuerySchema, location="query")
@blp.response(200, AuditEventSchema(many=True))
def audit_trail(args):
    """Read every event of one object, oldest first."""
    return trail_of(api_user(), args["entity"], args["id"])
