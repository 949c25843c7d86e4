"""Pages: the requests for exemption, asking for one on a late dossier, deciding, withdrawing, and
the download of their evidence."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.confirmation import Confirmation, confirmation_page, is_confirmed
from webapp.exemptions.forms import DecisionForm, RequestForm, WithdrawForm
from webapp.exemptions.operations import (
    accept_exemption,
    reject_exemption,
    request_exemption,
    withdraw_exemption,
)
from webapp.exemptions.policies import exemption_page_actions, may_request
from webapp.exemptions.queries import (
    evidence_of,
    exemption_or_404,
    own_dossier_or_404,
    visible_exemptions,
)
from webapp.notifications.operations import send_emails_later
from webapp.reports.evidence import (
    VIEWABLE_TYPES,
    evidence_download,
    report_upload_limit,
    request_uploads,
)
from webapp.request_checks import accepts_files
from webapp.unit_of_work import unit_of_work
from workflows.errors import NotFound, PermissionDenied
from workflows.machines.exemption import Reason, State
from workflows.periods import period_label

bp = Blueprint("exemptions", __name__, template_folder="templates")
ANSWERED_BY_ERROR_PAGES = (PermissionDenied, NotFound)


@bp.route("/exemptions")
@login_required
def index():
    period, state = request.args.get("period", ""), request.args.get("state", "")
    return render_template(
        "exemptions/index.html",
        exemptions=visible_exemptions(current_user, period, state),
        period=period,
        state=state,
        states=list(State),
    )


@bp.route("/exemptions/new")
@login_required
def new():
    if not may_request(current_user):
        abort(403)
    dossier = own_dossier_or_404(current_user, request.args.get("dossier", ""))
    form = RequestForm(dossier_code=dossier.code)
    return render_template("exemptions/new.html", form=form, dossier=dossier)


@bp.route("/exemptions", methods=["POST"])
@login_required
@accepts_files(report_upload_limit)
def create():
    form = RequestForm()
    dossier = own_dossier_or_404(current_user, form.dossier_code.data or "")
    problems = []
    if form.validate_on_submit():
        with unit_of_work(ANSWERED_BY_ERROR_PAGES) as work:
            created = request_exemption(
                current_user, dossier.code, form.reason.data, form.text.data, request_uploads()
            )
        if not work.refused:
            send_emails_later()
            flash("Đã gửi đề nghị miễn trừ; Văn phòng sẽ xem xét.", "success")
            return redirect(url_for("exemptions.show", exemption_id=created.id))
        problems = work.message_and_problems
    page = render_template("exemptions/new.html", form=form, dossier=dossier, problems=problems)
    return page, 422


@bp.route("/exemptions/<int:exemption_id>")
@login_required
def show(exemption_id: int):
    return _render(exemption_or_404(current_user, exemption_id))


@bp.route("/exemptions/<int:exemption_id>/decide", methods=["POST"])
@login_required
def decide(exemption_id: int):
    exemption = exemption_or_404(current_user, exemption_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _render(exemption, decision_form=form), 422
    rejecting = not form.accept.data
    if (
        rejecting
        and not is_confirmed()
        and exemption_page_actions(current_user, exemption)["decide"]
    ):
        return confirmation_page(_rejection_confirmation(exemption, form))
    step = accept_exemption if form.accept.data else reject_exemption
    with unit_of_work((PermissionDenied,)) as work:
        step(current_user, exemption, form.comment.data)
    if work.refused:
        flash(work.message, "danger")
    else:
        send_emails_later()
        flash(
            "Đã chấp nhận miễn trừ; số liệu tháng đã được tính lại."
            if form.accept.data
            else "Đã không chấp nhận đề nghị miễn trừ.",
            "success",
        )
    return redirect(url_for("exemptions.show", exemption_id=exemption_id))


def _rejection_confirmation(exemption, form: DecisionForm) -> Confirmation:
    return Confirmation(
        title="Xác nhận không chấp nhận miễn trừ",
        consequences=[
            f"Đề nghị miễn trừ hồ sơ {exemption.dossier_code} của {exemption.unit.name} sẽ không"
            " được chấp nhận.",
            f"Hồ sơ vẫn tính là trễ hạn trong số liệu {period_label(exemption.period)};"
            " đơn vị được báo.",
        ],
        notes=[f"Ý kiến gửi đơn vị: {form.comment.data.strip()}"],
        confirm_label="Xác nhận không chấp nhận",
        back_url=url_for("exemptions.show", exemption_id=exemption.id),
    )


@bp.route("/exemptions/<int:exemption_id>/withdraw", methods=["POST"])
@login_required
def withdraw(exemption_id: int):
    exemption = exemption_or_404(current_user, exemption_id)
    if WithdrawForm().validate_on_submit():
        with unit_of_work(ANSWERED_BY_ERROR_PAGES) as work:
            withdraw_exemption(current_user, exemption)
        flash(work.message or "Đã rút đề nghị miễn trừ.", "danger" if work.refused else "success")
    return redirect(url_for("exemptions.show", exemption_id=exemption_id))


@bp.route("/exemptions/<int:exemption_id>/evidence/<int:evidence_id>")
@login_required
def evidence(exemption_id: int, evidence_id: int):
    item = evidence_of(exemption_or_404(current_user, exemption_id), evidence_id)
    return evidence_download(item, view=request.args.get("inline") == "1")


def _render(exemption, decision_form=None):
    return render_template(
        "exemptions/show.html",
        exemption=exemption,
        can=exemption_page_actions(current_user, exemption),
        decision_form=decision_form or DecisionForm(formdata=None),
        withdraw_form=WithdrawForm(formdata=None),
        reasons=Reason,
        viewable=VIEWABLE_TYPES,
    )
