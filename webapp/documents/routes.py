"""The admin's page for letter templates."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from webapp.admin.policies import ADMINISTRATORS
from webapp.documents.forms import TemplateUploadForm
from webapp.documents.templates_admin import (
    MAX_FILE_BYTES,
    TEMPLATE_FILES,
    activate_template_version,
    upload_template_version,
    versions_by_kind,
)
from webapp.request_checks import accepts_files
from webapp.security import roles_required
from webapp.unit_of_work import unit_of_work

bp = Blueprint("documents", __name__, template_folder="templates")


@bp.route("/admin/templates", methods=["GET", "POST"])
@roles_required(*ADMINISTRATORS)
@accepts_files(lambda _config: len(TEMPLATE_FILES) * MAX_FILE_BYTES)
def templates():
    form = TemplateUploadForm()
    problems = []
    if form.validate_on_submit():
        with unit_of_work() as work:
            version = upload_template_version(current_user, form.kind.data, form.template_files())
        problems = work.problems
        if not work.refused:
            flash(f"Đã tải lên và áp dụng mẫu phiên bản {version.version}.", "success")
            return redirect(url_for("documents.templates"))
    status = 422 if (problems or form.errors) else 200
    return render_template(
        "documents/templates.html",
        form=form,
        problems=problems,
        kinds=versions_by_kind(),
        activate_form=FlaskForm(),
    ), status


@bp.route("/admin/templates/<kind>/<version>/activate", methods=["POST"])
@roles_required(*ADMINISTRATORS)
def activate(kind: str, version: str):
    if not FlaskForm().validate_on_submit():
        flash("Biểu mẫu không hợp lệ, vui lòng thử lại.", "danger")
        return redirect(url_for("documents.templates"))
    with unit_of_work() as work:
        activate_template_version(current_user, kind, version)
    if work.refused:
        flash(work.message, "danger")
    else:
        flash(f"Công văn mới sẽ dùng mẫu phiên bản {version}.", "success")
    return redirect(url_for("documents.templates"))
