"""API route of a letter's digital signature report."""

from __future__ import annotations

import marshmallow as ma

from webapp.api.blueprints import api_blueprint, api_user
from webapp.directives.queries import directive_or_404
from webapp.documents.storage import letter_file
from webapp.signing.verify import verify_pdf

blp = api_blueprint("signing_api", __name__, "Chữ ký số của văn bản đã ban hành")


class SignatureReportSchema(ma.Schema):
    status = ma.fields.String(
        required=True,
        metadata={"description": "valid, updated, modified, untrusted, unsigned hoặc too_complex"},
    )
    label = ma.fields.String(required=True)
    signer = ma.fields.String()
    chain = ma.fields.List(ma.fields.String(), metadata={"description": "Từ người ký tới gốc"})
    signed_at = ma.fields.String(allow_none=True, metadata={"description": "ISO 8601"})
    timestamped = ma.fields.Boolean()
    field = ma.fields.String()
    details = ma.fields.List(ma.fields.String())


@blp.route("/directives/<int:directive_id>/signature")
@blp.response(200, SignatureReportSchema(many=True))
def signature(directive_id: int):
    """The validation report of the letter's PDF: signer, chain, time, integrity."""
    directive = directive_or_404(api_user(), directive_id)
    return [report.as_dict() for report in verify_pdf(letter_file(directive, "pdf"))]
