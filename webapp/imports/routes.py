"""Pages to upload a file and follow its import."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user

from webapp.auth.models import Role
from webapp.extensions import db
from webapp.imports.columns import COLUMNS
from webapp.imports.forms import ImportForm
from webapp.imports.operations import import_progress, submit_import
from webapp.imports.queries import recent_runs, run_or_404
from webapp.imports.summary import describe_problem
from webapp.security import roles_required
from workflows.errors import DomainError

bp = Blueprint("imports", __name__, template_folder="templates")


@bp.route("/imports", methods=["GET", "POST"])
@roles_required(Role.OFFICE, Role.ADMIN)
def index():
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        try:
            run = submit_import(current_user, form.kind.data, form.file.data)
        except DomainError as refused:
            db.session.rollback()
            problems = refused.details or [{"message": refused.message}]
        else:
            return redirect(url_for("imports.show", run_id=run.id))
    status = 422 if (problems or form.errors) else 200
    return render_template(
        "imports/index.html",
        form=form,
        problems=problems,
        runs=recent_runs(current_user),
        columns=COLUMNS,
    ), status


@bp.route("/imports/<int:run_id>")
@roles_required(Role.OFFICE, Role.ADMIN, Role.LEADER)
def show(run_id: int):
    run = run_or_404(current_user, run_id)
    status = 422 if run.status.value == "rejected" else 200
    return render_template(
        "imports/show.html", run=run, progress=import_progress(run), describe=describe_problem
    ), status


@bp.route("/imports/<int:run_id>/progress")
@roles_required(Role.OFFICE, Role.ADMIN, Role.LEADER)
def progress(run_id: int):
    run = run_or_404(current_user, run_id)
    return jsonify({"status": run.status.value, "progress": import_progress(run)})
