"""The leader's decision and the office's remarks on a report; the download of its evidence."""

from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from webapp.confirmation import Confirmation, confirmation_page, is_confirmed
from webapp.extensions import db
from webapp.reports.evidence import evidence_download
from webapp.reports.models import Evidence, Report, ReportDecision
from webapp.reports.operations import accept_report, comment_report, return_report
from webapp.reports.policies import DECIDERS
from webapp.tasks.forms import CommentForm, DecisionForm
from webapp.tasks.queries import report_or_404
from webapp.tasks.task_page import take_step

bp = Blueprint("reports", __name__)


@bp.route("/reports/<int:report_id>/decide", methods=["POST"])
@login_required
def decide(report_id: int):
    report = report_or_404(current_user, report_id)
    form = DecisionForm()
    if _refusal_to_confirm(report, form):
        return confirmation_page(_refusal_confirmation(report, form))
    if form.accept.data:
        step, done = (
            (lambda: accept_report(current_user, report, form.comment.data)),
            "Đã xác nhận báo cáo đạt.",
        )
    else:
        step, done = (
            (lambda: return_report(current_user, report, form.comment.data)),
            "Đã trả lại báo cáo.",
        )
    return take_step(report.task, "decide_report", form, step, done)


def _refusal_to_confirm(report: Report, form: DecisionForm) -> bool:
    """Whether a leader's valid "Chưa đạt" on a waiting report still needs its confirmation."""
    return (
        not form.accept.data
        and not is_confirmed()
        and current_user.role in DECIDERS
        and report.decision == ReportDecision.PENDING
        and form.validate_on_submit()
        and bool((form.comment.data or "").strip())
    )


def _refusal_confirmation(report: Report, form: DecisionForm) -> Confirmation:
    task = report.task
    return Confirmation(
        title="Xác nhận báo cáo chưa đạt",
        consequences=[
            f"Báo cáo của {task.unit.name} về nhiệm vụ {task.assignment.position} của văn bản"
            f" {task.directive.number_text} sẽ bị trả lại (chưa đạt).",
            "Nhiệm vụ trở lại trạng thái đang thực hiện; đơn vị được báo và phải báo cáo lại.",
        ],
        notes=[f"Ý kiến gửi đơn vị: {form.comment.data.strip()}"],
        confirm_label="Xác nhận chưa đạt",
        back_url=url_for("tasks.show", task_id=task.id),
    )


@bp.route("/reports/<int:report_id>/comment", methods=["POST"])
@login_required
def comment(report_id: int):
    report = report_or_404(current_user, report_id)
    form = CommentForm()
    return take_step(
        report.task,
        "comment_report",
        form,
        lambda: comment_report(current_user, report, form.comment.data),
        "Đã ghi ý kiến rà soát.",
    )


@bp.route("/evidence/<int:evidence_id>")
@login_required
def download(evidence_id: int):
    report_id = db.session.scalar(select(Evidence.report_id).where(Evidence.id == evidence_id))
    report: Report = report_or_404(current_user, report_id or 0)
    evidence = next((e for e in report.evidence if e.id == evidence_id), None)
    return evidence_download(evidence, view=request.args.get("inline") == "1")
