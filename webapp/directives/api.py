"""API routes for directive letters: draft from findings, edit, submit, sign, return, download."""

from __future__ import annotations

import re
from io import BytesIO

from flask import send_file
from flask.views import MethodView

from webapp.api.blueprints import api_blueprint, api_user
from webapp.directives.models import Directive
from webapp.directives.operations import (
    approve_directive,
    draft_directive,
    return_directive,
    submit_directive,
    update_draft,
)
from webapp.directives.queries import directive_or_404, visible_directives
from webapp.directives.schemas import (
    DirectiveCreateSchema,
    DirectiveListQuerySchema,
    DirectivePatchSchema,
    DirectiveSchema,
    DirectiveSummarySchema,
    ReturnSchema,
)
from webapp.documents.storage import letter_file
from webapp.events import directive_returned, directive_signed, directive_submitted
from webapp.notifications.operations import send_emails_later
from webapp.unit_of_work import committed

blp = api_blueprint(
    "directives_api",
    __name__,
    "Văn bản chỉ đạo: soạn từ số liệu, sửa, trình ký, ký, trả lại, tải về",
)

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
NOT_YOURS = "Không có văn bản này, hoặc người gọi không được xem"


def _file_doc(fmt: str) -> dict:
    return {
        "responses": {
            "200": {
                "description": f"Văn bản dạng {fmt.upper()}",
                "content": {MIMETYPES[fmt]: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@blp.route("/directives")
class Directives(MethodView):
    @blp.arguments(DirectiveListQuerySchema, location="query")
    @blp.response(200, DirectiveSummarySchema(many=True))
    def get(self, args):
        """List the letters the caller may see, newest first."""
        return visible_directives(api_user(), args.get("state"))

    @blp.arguments(DirectiveCreateSchema)
    @blp.response(201, DirectiveSchema)
    @blp.alt_response(403, description="Chỉ Văn phòng được soạn văn bản")
    @blp.alt_response(422, description="Kỳ không có số liệu, hoặc loại văn bản không hợp lệ")
    def post(self, args):
        """Draft a letter from the period's findings, with its numbered assignments."""
        with committed():
            directive = draft_directive(api_user(), args["period"], args["kind"])
        return directive


@blp.route("/directives/<int:directive_id>")
class DirectiveItem(MethodView):
    @blp.response(200, DirectiveSchema)
    @blp.alt_response(404, description=NOT_YOURS)
    def get(self, directive_id: int):
        """Read one letter with its assignments."""
        return directive_or_404(api_user(), directive_id)

    @blp.arguments(DirectivePatchSchema)
    @blp.response(200, DirectiveSchema)
    @blp.alt_response(409, description="Chỉ sửa được dự thảo hoặc văn bản bị trả lại")
    @blp.alt_response(422, description="Nội dung sửa chưa hợp lệ: mọi lỗi được liệt kê")
    def patch(self, changes, directive_id: int):
        """Edit a draft: subject, addressees, paragraphs, signer, assignments."""
        with committed():
            directive = update_draft(
                api_user(), directive_or_404(api_user(), directive_id), changes
            )
        return directive


@blp.route("/directives/<int:directive_id>/submit", methods=["POST"])
@blp.response(200, DirectiveSchema)
@blp.alt_response(409, description="Văn bản không ở trạng thái dự thảo hoặc bị trả lại")
def submit(directive_id: int):
    """Submit a draft to the leader for signing (office)."""
    with committed():
        directive = submit_directive(api_user(), directive_or_404(api_user(), directive_id))
        directive_submitted.send(directive)
    send_emails_later()
    return directive


@blp.route("/directives/<int:directive_id>/approve", methods=["POST"])
@blp.response(200, DirectiveSchema)
@blp.alt_response(409, description="Văn bản chưa được trình ký")
def approve(directive_id: int):
    """Sign a submitted letter (leader): it takes the next number in the register."""
    with committed():
        directive = approve_directive(api_user(), directive_or_404(api_user(), directive_id))
    directive_signed.send(directive)
    return directive


@blp.route("/directives/<int:directive_id>/return", methods=["POST"])
@blp.arguments(ReturnSchema)
@blp.response(200, DirectiveSchema)
@blp.alt_response(409, description="Văn bản chưa được trình ký")
def return_(args, directive_id: int):
    """Send a submitted letter back to the office with a comment (leader)."""
    directive = directive_or_404(api_user(), directive_id)
    with committed():
        directive = return_directive(api_user(), directive, args["comment"])
        directive_returned.send(directive)
    send_emails_later()
    return directive


@blp.route("/directives/<int:directive_id>/document.docx")
@blp.doc(**_file_doc("docx"))
def document_docx(directive_id: int):
    """Download the letter as DOCX."""
    return _document(directive_id, "docx")


@blp.route("/directives/<int:directive_id>/document.pdf")
@blp.doc(**_file_doc("pdf"))
def document_pdf(directive_id: int):
    """Download the letter as PDF."""
    return _document(directive_id, "pdf")


def document_name(directive: Directive, fmt: str) -> str:
    """Return "cong-van-01-UBND-VP.pdf", or "du-thao-cong-van-12.pdf" before numbering."""
    if directive.number:
        return f"cong-van-{re.sub(r'[^A-Za-z0-9]+', '-', directive.number_text)}.{fmt}"
    return f"du-thao-cong-van-{directive.id}.{fmt}"


def _document(directive_id: int, fmt: str):
    directive = directive_or_404(api_user(), directive_id)
    data = letter_file(directive, fmt)
    return send_file(
        BytesIO(data),
        mimetype=MIMETYPES[fmt],
        as_attachment=True,
        download_name=document_name(directive, fmt),
    )
