"""API routes of unit tasks: the caller's tasks, a unit's report with evidence, the leader's
decisions, and issuing a signed letter to its units."""

from __future__ import annotations

from flask import request

from webapp.api.blueprints import api_blueprint, api_user
from webapp.directives.queries import directive_or_404
from webapp.notifications.operations import send_emails_later
from webapp.reports.evidence import Upload, max_bytes, report_upload_limit
from webapp.reports.operations import accept_report, return_report, submit_report
from webapp.request_checks import accepts_files
from webapp.tasks.issuing import issue_directive
from webapp.tasks.operations import confirm_compliance
from webapp.tasks.queries import report_or_404, task_or_404, visible_tasks
from webapp.tasks.schemas import (
    CommentSchema,
    ReportCreateSchema,
    ReportSchema,
    RequiredCommentSchema,
    TaskSchema,
)
from webapp.unit_of_work import committed

blp = api_blueprint(
    "tasks_api",
    __name__,
    "Nhiệm vụ của đơn vị: danh sách, báo cáo kèm minh chứng, xác nhận của lãnh đạo",
)

FILES_DOC = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string"},
                        "percent": {"type": "integer", "minimum": 0, "maximum": 100},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    },
                }
            }
        }
    }
}


@blp.route("/tasks")
@blp.response(200, TaskSchema(many=True))
def tasks():
    """List the caller's visible tasks (a unit sees its own) with their status and deadline."""
    return visible_tasks(api_user())


@blp.route("/tasks/<int:task_id>")
@blp.response(200, TaskSchema)
def task(task_id: int):
    """Read one task."""
    return task_or_404(api_user(), task_id)


@blp.route("/tasks/<int:task_id>/reports", methods=["POST"])
@blp.arguments(ReportCreateSchema, location="form")
@blp.doc(**FILES_DOC)
@blp.response(201, ReportSchema)
@accepts_files(report_upload_limit)
def report(args, task_id: int):
    """Report progress with evidence files (a user of the task's unit)."""
    limit = max_bytes()
    uploads = [
        Upload(storage.filename or "", storage.stream.read(limit + 1), storage.mimetype)
        for storage in request.files.getlist("files")
        if storage
    ]
    with committed():
        created = submit_report(
            api_user(), task_or_404(api_user(), task_id), args["text"], args["percent"], uploads
        )
    send_emails_later()
    return created


@blp.route("/reports/<int:report_id>/accept", methods=["POST"])
@blp.arguments(CommentSchema)
@blp.response(200, ReportSchema)
def accept(args, report_id: int):
    """Accept a report (leader): the task is completed."""
    with committed():
        decided = accept_report(api_user(), report_or_404(api_user(), report_id), args["comment"])
    send_emails_later()
    return decided


@blp.route("/reports/<int:report_id>/return", methods=["POST"])
@blp.arguments(RequiredCommentSchema)
@blp.response(200, ReportSchema)
def return_(args, report_id: int):
    """Return a report with a comment (leader): the unit works on."""
    with committed():
        decided = return_report(api_user(), report_or_404(api_user(), report_id), args["comment"])
    send_emails_later()
    return decided


@blp.route("/tasks/<int:task_id>/confirm", methods=["POST"])
@blp.arguments(CommentSchema)
@blp.response(200, TaskSchema)
def confirm(args, task_id: int):
    """Confirm the unit's compliance (leader)."""
    with committed():
        confirmed = confirm_compliance(
            api_user(), task_or_404(api_user(), task_id), args["comment"]
        )
    send_emails_later()
    return confirmed


@blp.route("/directives/<int:directive_id>/issue", methods=["POST"])
@blp.response(201, TaskSchema(many=True))
def issue(directive_id: int):
    """Issue a signed letter (office): one task per assignment and unit, each unit notified."""
    with committed():
        created = issue_directive(api_user(), directive_or_404(api_user(), directive_id))
    send_emails_later()
    return created
