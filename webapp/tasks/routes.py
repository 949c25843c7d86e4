"""Pages of a unit's task: the list, the task with its timeline, and each step taken on it."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.auth.models import Role
from webapp.database import integer
from webapp.directives.queries import directive_or_404
from webapp.notifications.operations import send_emails_later
from webapp.reports.evidence import max_bytes, report_upload_limit, request_uploads
from webapp.reports.operations import submit_report, submit_reports, unit_tasks_of
from webapp.request_checks import accepts_files
from webapp.security import load_visible_or_404, require_role
from webapp.stats.rendered import PART_SLOT, latest_event, page_around, rendered
from webapp.tasks.forms import (
    ConfirmForm,
    ExtensionDecisionForm,
    ExtensionForm,
    ReportForm,
    StartForm,
    UnitReportForm,
)
from webapp.tasks.models import ExtensionRequest, UnitTask
from webapp.tasks.operations import (
    confirm_compliance,
    decide_extension,
    request_extension,
    start_task,
)
from webapp.tasks.queries import TaskFilters, task_or_404, visible_tasks
from webapp.tasks.task_page import render_task, take_step
from webapp.unit_of_work import unit_of_work
from workflows.errors import NotFound, PermissionDenied
from workflows.letters.apology import ApologyRequest
from workflows.machines import task as machine
from workflows.periods import local_today

bp = Blueprint("tasks", __name__, template_folder="templates")


@bp.route("/tasks")
@login_required
def index():
    filters = TaskFilters(
        state=state if (state := request.args.get("state", "")) in machine.STATE_VALUES else "",
        open_only=request.args.get("open") == "1",
    )
    today = local_today()

    def render_list() -> str:
        return render_template(
            "tasks/_index.html",
            tasks=visible_tasks(current_user, filters, checks=False),
            today=today,
            states=list(machine.State),
            chosen=filters,
        )

    # Kept until a step is taken (its audit event) or the day turns, as the board is.
    content = rendered(current_user, ("task_list", latest_event(), filters, today), render_list)
    return Response(
        page_around(render_template("tasks/index.html", content=PART_SLOT), content),
        mimetype="text/html",
    )


@bp.route("/tasks/<int:task_id>")
@login_required
def show(task_id: int):
    return render_task(task_or_404(current_user, task_id))


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
            current_user, task, form.text.data, form.percent.data, request_uploads(), _apology(form)
        )

    return take_step(task, "report", form, send, "Đã gửi báo cáo, chờ lãnh đạo xác nhận.")


@bp.route("/directives/<int:directive_id>/unit-report", methods=["GET", "POST"])
@login_required
@accepts_files(report_upload_limit)
def unit_report(directive_id: int):
    """A unit's tasks of one letter, and one report with one set of files for the ticked ones."""
    require_role(current_user, Role.UNIT)
    directive = directive_or_404(current_user, directive_id)
    if not unit_tasks_of(current_user, directive):
        abort(404)
    form = UnitReportForm()
    problems = []
    if form.validate_on_submit():
        chosen = [i for i in request.form.getlist("task", type=integer) if i is not None]
        with unit_of_work(let_through=(PermissionDenied, NotFound)) as work:
            reports = submit_reports(
                current_user,
                directive,
                chosen,
                form.text.data,
                form.percent.data,
                request_uploads(),
            )
        if not work.refused:
            send_emails_later()
            flash(f"Đã gửi {len(reports)} báo cáo, chờ lãnh đạo xác nhận.", "success")
            return redirect(url_for("tasks.unit_report", directive_id=directive_id))
        problems = work.message_and_problems
    return render_template(
        "tasks/unit_report.html",
        directive=directive,
        tasks=unit_tasks_of(current_user, directive),
        working=machine.WORKING,
        form=form,
        problems=problems,
        chosen=set(request.form.getlist("task")) if request.method == "POST" else None,
        today=local_today(),
        evidence_limit_mb=max_bytes() // (1024 * 1024),
    ), (422 if request.method == "POST" else 200)


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
