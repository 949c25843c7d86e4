"""API routes of requests for exemption: a unit asks (JSON, or multipart with evidence files), the
office or a leader decides, each caller lists those it may see."""

from __future__ import annotations

import marshmallow as ma
from flask import request

from webapp.api.blueprints import api_blueprint, api_user
from webapp.exemptions.operations import accept_exemption, reject_exemption, request_exemption
from webapp.exemptions.queries import exemption_or_404, visible_exemptions
from webapp.exemptions.schemas import (
    DecisionSchema,
    ExemptionCreateSchema,
    ExemptionQuerySchema,
    ExemptionSchema,
)
from webapp.notifications.operations import send_emails_later
from webapp.reports.evidence import report_upload_limit, request_uploads
from webapp.request_checks import accepts_files
from webapp.unit_of_work import committed
from workflows.errors import InvalidInput

blp = api_blueprint(
    "exemptions_api",
    __name__,
    "Đề nghị miễn trừ hồ sơ bị tính quá hạn: đơn vị đề nghị kèm minh chứng, Văn phòng quyết định",
)

_CREATE_PROPERTIES = {
    "dossier_code": {"type": "string", "maxLength": 64},
    "reason": {
        "type": "string",
        "enum": ["software_error", "returned_on_time", "data_error", "other"],
    },
    "text": {"type": "string", "maxLength": 4000},
}
CREATE_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["dossier_code", "reason", "text"],
                    "properties": _CREATE_PROPERTIES,
                    "additionalProperties": False,
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["dossier_code", "reason", "text"],
                    "properties": {
                        **_CREATE_PROPERTIES,
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    },
                }
            },
        },
    }
}


@blp.route("/exemptions")
@blp.arguments(ExemptionQuerySchema, location="query")
@blp.response(200, ExemptionSchema(many=True))
def exemptions(args):
    """List the requests the caller may see (a unit its own), newest first."""
    return visible_exemptions(api_user(), args.get("period"), args.get("state"))


@blp.route("/exemptions", methods=["POST"])
@blp.doc(**CREATE_DOC)
@blp.response(201, ExemptionSchema)
@blp.alt_response(403, description="Chỉ tài khoản đơn vị được đề nghị")
@blp.alt_response(404, description="Không có hồ sơ này trong đơn vị")
@blp.alt_response(409, description="Hồ sơ đã có đề nghị đang xem xét hoặc đã chấp nhận")
@blp.alt_response(422, description="Hồ sơ không bị tính quá hạn, hoặc đề nghị chưa hợp lệ")
@accepts_files(report_upload_limit)
def create():
    """Ask that a late dossier of the caller's unit count on time (JSON, or multipart with files)."""
    body = request.get_json(silent=True) if request.is_json else request.form.to_dict()
    try:
        args = ExemptionCreateSchema().load(body if isinstance(body, dict) else {})
    except ma.ValidationError as error:
        details = [
            {"field": field, "message": " ".join(map(str, messages))}
            for field, messages in error.normalized_messages().items()
        ]
        raise InvalidInput("Dữ liệu gửi lên không hợp lệ.", details) from None
    uploads = [] if request.is_json else request_uploads()
    with committed():
        created = request_exemption(
            api_user(), args["dossier_code"], args["reason"], args["text"], uploads
        )
    send_emails_later()
    return created


@blp.route("/exemptions/<int:exemption_id>")
@blp.response(200, ExemptionSchema)
def exemption(exemption_id: int):
    """Read one request."""
    return exemption_or_404(api_user(), exemption_id)


@blp.route("/exemptions/<int:exemption_id>/accept", methods=["POST"])
@blp.arguments(DecisionSchema)
@blp.response(200, ExemptionSchema)
@blp.alt_response(409, description="Đề nghị đã được quyết định hoặc đã rút")
def accept(args, exemption_id: int):
    """Accept (office or leader): the dossier counts on time; the month's figures are recomputed."""
    with committed():
        decided = accept_exemption(
            api_user(), exemption_or_404(api_user(), exemption_id), args["comment"]
        )
    send_emails_later()
    return decided


@blp.route("/exemptions/<int:exemption_id>/reject", methods=["POST"])
@blp.arguments(DecisionSchema)
@blp.response(200, ExemptionSchema)
@blp.alt_response(409, description="Đề nghị đã được quyết định hoặc đã rút")
def reject(args, exemption_id: int):
    """Reject (office or leader): the dossier stays late."""
    with committed():
        decided = reject_exemption(
            api_user(), exemption_or_404(api_user(), exemption_id), args["comment"]
        )
    send_emails_later()
    return decided
