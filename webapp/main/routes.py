"""The landing page (what waits for the person) and the health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required
from sqlalchemy import text

from webapp.extensions import db
from webapp.main.kept_todo import init_kept_todo
from webapp.main.todo import landing_for

bp = Blueprint("main", __name__, template_folder="templates")


@bp.record_once
def _keep_what_waits(state) -> None:
    init_kept_todo(state.app)


@bp.route("/")
@login_required
def home():
    return render_template("main/todo.html", **landing_for(current_user))


@bp.route("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
