"""Public API route of the published monthly results (no token)."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import abort

from webapp.api.blueprints import api_blueprint, public
from webapp.publication.operations import published
from workflows.periods import PERIOD_PATTERN

blp = api_blueprint(
    "public_api", __name__, "Kết quả giải quyết TTHC đã công bố (không cần đăng nhập)"
)


class PeriodQuerySchema(ma.Schema):
    period = ma.fields.String(
        required=True, validate=ma.validate.Regexp(PERIOD_PATTERN, error="Kỳ phải có dạng YYYY-MM.")
    )


class PublicRowSchema(ma.Schema):
    rank = ma.fields.Integer(allow_none=True)
    unit = ma.fields.String(required=True)
    received = ma.fields.Integer()
    resolved_on_time = ma.fields.Integer()
    resolved_late = ma.fields.Integer()
    pending_overdue = ma.fields.Integer()
    on_time_rate = ma.fields.Float(allow_none=True)
    exempted = ma.fields.Integer(
        load_default=0,
        metadata={
            "description": "Hồ sơ quá hạn được chấp nhận miễn trừ, đã tính là đúng hạn (số liệu "
            "đã điều chỉnh so với cổng dịch vụ công)"
        },
    )


class PublicResultsSchema(ma.Schema):
    period = ma.fields.String(required=True)
    published_at = ma.fields.AwareDateTime(required=True)
    corrected_at = ma.fields.AwareDateTime(allow_none=True)
    rows = ma.fields.List(ma.fields.Nested(PublicRowSchema))


@blp.route("/public/results")
@blp.arguments(PeriodQuerySchema, location="query")
@blp.response(200, PublicResultsSchema)
@blp.alt_response(404, description="Kết quả kỳ này chưa được công bố")
@blp.doc(security=[])
@public
def results(args):
    """The month's published results per unit; 404 until the office publishes them."""
    found = published(args["period"])
    if found is None:
        abort(404, message=f"Kết quả kỳ {args['period']} chưa được công bố.")
    return found
