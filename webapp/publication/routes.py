"""Pages: the public monthly results (no login), their downloads, and publishing them."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from webapp.confirmation import Confirmation, confirmation_page, is_confirmed
from webapp.extensions import db
from webapp.publication.chart import rate_bars
from webapp.publication.export import results_pdf, results_xlsx
from webapp.publication.operations import (
    PUBLIC_COLUMNS,
    PublicationPlan,
    plan_publication,
    publish_period,
    published,
    published_periods,
)
from webapp.publication.policies import PUBLISHERS
from webapp.security import roles_required
from webapp.signers.models import IssuingBody
from webapp.spreadsheets import XLSX_MIMETYPE
from webapp.unit_of_work import unit_of_work
from workflows.periods import period_label

bp = Blueprint("publication", __name__, template_folder="templates")


def _published_or_404():
    found = published(request.args.get("period") or None)
    if found is None:
        abort(404)
    return found


def _body_name() -> str:
    body = db.session.scalar(select(IssuingBody).order_by(IssuingBody.id).limit(1))
    return body.name if body else ""


@bp.route("/public/results")
def results():
    found = _published_or_404()
    threshold = current_app.config["ON_TIME_RATE_THRESHOLD"]
    return render_template(
        "publication/results.html",
        published=found,
        columns=PUBLIC_COLUMNS,
        periods=published_periods(),
        chart=rate_bars(found.rows, threshold),
        threshold=threshold,
        body_name=_body_name(),
    )


@bp.route("/public/results.xlsx")
def results_spreadsheet():
    found = _published_or_404()
    return Response(
        results_xlsx(found),
        mimetype=XLSX_MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="ket-qua-tthc-{found.period}.xlsx"'},
    )


@bp.route("/public/results.pdf")
def results_document():
    found = _published_or_404()
    return Response(
        results_pdf(found, _body_name()),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="ket-qua-tthc-{found.period}.pdf"'},
    )


@bp.route("/stats/publish", methods=["POST"])
@roles_required(*PUBLISHERS)
def publish():
    period = request.form.get("period", "")
    if not FlaskForm().validate_on_submit():
        abort(400)
    with unit_of_work() as work:
        if not is_confirmed():
            plan = plan_publication(current_user, period)
        else:
            done = publish_period(current_user, period)
    if work.refused:
        flash(work.message, "danger")
        return redirect(url_for("stats.dashboard", period=period or None))
    if not is_confirmed():
        return confirmation_page(_publication_confirmation(plan))
    word = "Đã đính chính" if done.corrections else "Đã công bố"
    flash(f"{word} kết quả {done.period}: trang công khai đã cập nhật.", "success")
    return redirect(url_for("publication.results", period=done.period))


def _publication_confirmation(plan: PublicationPlan) -> Confirmation:
    label = period_label(plan.period)
    if plan.earlier is None:
        line = f"Công khai kết quả {label} của {plan.units} đơn vị."
        notes = ["Bảng kết quả lên trang công khai, ai cũng xem được, không cần đăng nhập."]
    else:
        line = f"Đính chính kết quả {label} đã công khai, với số liệu mới của {plan.units} đơn vị."
        notes = ["Trang công khai ghi rõ đây là bản đính chính."]
    notes.append("Bảng không có thông tin công chức, người dân.")
    return Confirmation(
        title=f"Xác nhận công bố kết quả {label}",
        consequences=[line],
        notes=notes,
        confirm_label="Xác nhận công bố",
        back_url=url_for("stats.dashboard", period=plan.period),
    )
