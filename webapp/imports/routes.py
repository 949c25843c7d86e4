"""Pages to upload a file and follow its import."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from webapp.imports.columns import COLUMNS, FIGURE_LABELS, column_labels, header_report
from webapp.imports.forms import ImportForm, PreviewedImportForm
from webapp.imports.policies import IMPORT_ROLES, READ_ROLES, may_import
from webapp.imports.queries import recent_runs, run_or_404
from webapp.imports.submission import (
    import_previewed,
    import_progress,
    preview_upload,
    submit_import,
)
from webapp.imports.summary import describe_problem
from webapp.imports.uploads import import_limit
from webapp.request_checks import accepts_files
from webapp.security import roles_required
from webapp.unit_of_work import unit_of_work

bp = Blueprint("imports", __name__, template_folder="templates")


@bp.get("/imports")
@roles_required(*READ_ROLES)
def index():
    return _render_index(ImportForm())


@bp.post("/imports")
@roles_required(*IMPORT_ROLES)
@accepts_files(import_limit)
def upload():
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        if form.preview.data:
            return _preview(form)
        with unit_of_work() as work:
            run = submit_import(current_user, form.kind.data, form.file.data, form.options)
        problems = work.problems
        if not work.refused:
            return redirect(url_for("imports.show", run_id=run.id))
    return _render_index(form, problems, 422 if (problems or form.errors) else 200)


def _preview(form: ImportForm):
    with unit_of_work() as work:
        preview = preview_upload(current_user, form.kind.data, form.file.data, form.options)
    if work.refused:
        return _render_index(form, work.problems, 422)
    confirm = PreviewedImportForm(
        formdata=None,
        kind=preview.kind.value,
        checksum=preview.checksum,
        file_name=preview.file_name,
        sheet=preview.options.sheet,
        period=preview.options.period or "",
        version=preview.version,
    )
    return render_template(
        "imports/preview.html",
        preview=preview,
        confirm=confirm,
        describe=describe_problem,
        labels=column_labels(preview.kind),
        figure_labels=FIGURE_LABELS,
    ), (422 if preview.problems else 200)


@bp.post("/imports/previewed")
@roles_required(*IMPORT_ROLES)
def import_after_preview():
    form = PreviewedImportForm()
    if not form.validate_on_submit():
        flash("Không nhập được: biểu mẫu xem trước không hợp lệ. Hãy tải tệp lên lại.", "danger")
        return redirect(url_for("imports.index"))
    with unit_of_work() as work:
        run = import_previewed(
            current_user,
            form.kind.data,
            form.checksum.data,
            form.file_name.data,
            form.options,
            form.version.data,
        )
    if work.refused:
        flash(work.message, "danger")
        return redirect(url_for("imports.index"))
    return redirect(url_for("imports.show", run_id=run.id))


def _render_index(form: ImportForm, problems: list | None = None, status: int = 200):
    return render_template(
        "imports/index.html",
        form=form if may_import(current_user) else None,
        problems=problems or [],
        runs=recent_runs(current_user),
        columns=COLUMNS,
    ), status


@bp.route("/imports/<int:run_id>")
@roles_required(*READ_ROLES)
def show(run_id: int):
    run = run_or_404(current_user, run_id)
    status = 422 if run.status.value == "rejected" else 200
    return render_template(
        "imports/show.html",
        run=run,
        progress=import_progress(run),
        describe=describe_problem,
        header=header_report(run.kind, run.header) if run.header is not None else None,
        labels=column_labels(run.kind),
    ), status


@bp.route("/imports/<int:run_id>/progress")
@roles_required(*READ_ROLES)
def progress(run_id: int):
    run = run_or_404(current_user, run_id)
    return jsonify({"status": run.status.value, "progress": import_progress(run)})
