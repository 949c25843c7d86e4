"""Pages of a unit's task: the list, the task with its timeline, and each step taken on it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.auth.models import Role
from webapp.directives.numbering import local_today
from webapp.extensions import db
from webapp.notifications.operations import send_emails_later
from webapp.reports.evidence import Upload, max_bytes, report_upload_limit
from webapp.reports.models import ReportDecision
from webapp.reports.operations import submit_report
from webapp.request_checks import accepts_files
from webapp.security import load_visible_or_404
from webapp.tasks.forms import (
    CommentForm,
    ConfirmForm,
    DecisionForm,
    ExtensionDecisionForm,
    ExtensionForm,
    ReportForm,
    StartForm,
)
from webapp.tasks.models import ExtensionDecision, ExtensionRequest, UnitTask
from webapp.tasks.operations import (
    confirm_compliance,
    decide_extension,
    request_extension,
    start_task,
)
from webapp.tasks.queries import TaskFilters, reports_of, task_or_404, timeline_of, visible_tasks
from workflows.errors import DomainError, NotFound, PermissionDenied
from workflows.letters.apology import ApologyRequest
from workflows.machines import task as machine

bp = Blueprint("tasks", __name__, template_folder="templates")

STEP_LABELS = {
    "create": "Giao nhiệm vụ",
    "start": "Bắt đầu triển khai",
    "report": "Báo cáo kết quả",
    "review_comment": "Văn phòng rà soát",
    "accept": "Lãnh đạo xác nhận đạt",
    "return": "Lãnh đạo trả lại (chưa đạt)",
    "request_extension": "Xin gia hạn",
    "grant_extension": "Đồng ý gia hạn",
    "refuse_extension": "Không đồng ý gia hạn",
    "evaluate": "Đánh giá theo số liệu",
    "confirm": "Xác nhận đã khắc phục",
    "follow_up": "Chỉ đạo văn bản đôn đốc",
    "remind": "Nhắc việc",
    "withdraw": "Thu hồi",
}


@bp.route("/tasks")
@login_required
def index():
    filters = TaskFilters(
        state=state if (state := request.args.get("state", "")) in machine.STATE_VALUES else "",
        open_only=request.args.get("open") == "1",
    )
    return render_template(
        "tasks/index.html",
        tasks=visible_tasks(current_user, filters),
        today=local_today(),
        states=list(machine.State),
        chosen=filters,
    )


@bp.route("/tasks/<int:task_id>")
@login_required
def show(task_id: int):
    return render_task(task_or_404(current_user, task_id))


def render_task(task: UnitTask, forms: dict | None = None, problems=(), status: int = 200):
    """Render a task's page with the forms its viewer may use."""
    role = current_user.role
    allowed = set(machine.allowed_actions(task.state))
    own = role == Role.UNIT and current_user.unit_id == task.unit_id
    reports = reports_of(task)
    pending_report = next((r for r in reports if r.decision == ReportDecision.PENDING), None)
    pending_extension = next(
        (e for e in task.extensions if e.decision == ExtensionDecision.PENDING), None
    )
    can = {
        "start": own and machine.Action.START in allowed,
        "report": own and machine.Action.REPORT in allowed,
        "extend": own
        and machine.Action.REQUEST_EXTENSION in allowed
        and pending_extension is None
        and task.extensions_granted < machine.MAX_EXTENSIONS,
        "decide_report": role == Role.LEADER and pending_report is not None,
        "comment_report": role in (Role.OFFICE, Role.ADMIN) and pending_report is not None,
        "decide_extension": role == Role.LEADER and pending_extension is not None,
        "confirm": role == Role.LEADER and machine.Action.CONFIRM in allowed,
    }
    forms = {
        "start": StartForm(formdata=None),
        "report": ReportForm(formdata=None),
        "extend": ExtensionForm(formdata=None),
        "decide_report": DecisionForm(formdata=None),
        "comment_report": CommentForm(formdata=None),
        "decide_extension": ExtensionDecisionForm(formdata=None),
        "confirm": ConfirmForm(formdata=None),
        **(forms or {}),
    }
    today = local_today()
    return render_template(
        "tasks/show.html",
        task=task,
        reports=reports,
        pending_report=pending_report,
        pending_extension=pending_extension,
        timeline=timeline_of(task),
        step_labels=STEP_LABELS,
        can=can,
        forms=forms,
        problems=problems,
        today=today,
        label=machine.display_label(task.state, task.deadline, today, task.completed_late),
        overdue=machine.is_overdue(task.state, task.deadline, today),
        evidence_limit_mb=max_bytes() // (1024 * 1024),
    ), status


def take_step(task: UnitTask, name: str, form, step: Callable[[], object], done: str):
    """Run one step from a task's page: a refused step comes back on it, a refused actor gets 403."""
    if not form.validate_on_submit():
        return render_task(task, {name: form}, status=422)
    try:
        step()
    except (PermissionDenied, NotFound):
        # Who may take a step is no problem of the form: refused like any other request.
        raise
    except DomainError as refused:
        db.session.rollback()
        task = db.session.get(UnitTask, task.id)
        return render_task(
            task, {name: form}, [{"message": refused.message}, *refused.details], 422
        )
    db.session.commit()
    send_emails_later()
    flash(done, "success")
    return redirect(url_for("tasks.show", task_id=task.id))


@bp.route("/tasks/<int:task_id>/start", methods=["POST"])
@login_required
def start(task_id: int):
    task = task_or_404(current_user, task_id)
    return take_step(
        task, "start", StartForm(), lambda: start_task(current_user, task), "Đã bắt đầu triển khai."
    )


@bp.route("/tasks/<int:task_id>/reports", methods=["POST"])
@login_required
@accepts_files(report_upload_limit)
def report(task_id: int):
    task = task_or_404(current_user, task_id)
    form = ReportForm()

    def send():
        submit_report(
            current_user, task, form.text.data, form.percent.data, _uploads(), _apology(form)
        )

    return take_step(task, "report", form, send, "Đã gửi báo cáo, chờ lãnh đạo xác nhận.")


def _uploads() -> list[Upload]:
    limit = max_bytes()
    uploads = []
    for storage in request.files.getlist("files"):
        if not storage or not storage.filename:
            continue
        # One byte over the limit is enough to refuse it; the rest is never read.
        uploads.append(Upload(storage.filename, storage.stream.read(limit + 1), storage.mimetype))
    return uploads


def _apology(form: ReportForm) -> ApologyRequest | None:
    if not form.with_apology.data:
        return None
    return ApologyRequest(
        citizen_title=form.citizen_title.data or "",
        citizen_name=form.citizen_name.data or "",
        procedure=form.procedure.data or "",
        received_on=form.received_on.data or local_today(),
        due_on=form.due_on.data or local_today(),
        returned_on=form.returned_on.data or local_today(),
        reason=form.reason.data or "",
        signer_name=form.signer_name.data or "",
        signer_title=form.signer_title.data or "",
    )


@bp.route("/tasks/<int:task_id>/extensions", methods=["POST"])
@login_required
def extend(task_id: int):
    task = task_or_404(current_user, task_id)
    form = ExtensionForm()
    return take_step(
        task,
        "extend",
        form,
        lambda: request_extension(current_user, task, form.deadline.data, form.reason.data),
        "Đã gửi đề nghị gia hạn, chờ lãnh đạo quyết định.",
    )


@bp.route("/extensions/<int:request_id>/decide", methods=["POST"])
@login_required
def decide(request_id: int):
    extension = load_visible_or_404(
        current_user,
        ExtensionRequest,
        UnitTask.unit_id,
        ExtensionRequest.id == request_id,
        ExtensionRequest.task_id == UnitTask.id,
    )
    form = ExtensionDecisionForm()
    grant = bool(form.accept.data)
    return take_step(
        extension.task,
        "decide_extension",
        form,
        lambda: decide_extension(current_user, extension, grant, form.comment.data),
        "Đã đồng ý gia hạn." if grant else "Đã không đồng ý gia hạn.",
    )


@bp.route("/tasks/<int:task_id>/confirm", methods=["POST"])
@login_required
def confirm(task_id: int):
    task = task_or_404(current_user, task_id)
    form = ConfirmForm()
    return take_step(
        task,
        "confirm",
        form,
        lambda: confirm_compliance(current_user, task, form.comment.data),
        "Đã xác nhận đơn vị khắc phục.",
    )
