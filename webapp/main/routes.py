"""The landing page and the health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required
from sqlalchemy import text

from webapp.extensions import db
from webapp.main.overview import overview_for

bp = Blueprint("main", __name__, template_folder="templates")


@bp.route("/")
@login_required
def home():
    template = f"main/home_{current_user.role.value}.html"
    return render_template(template, **overview_for(current_user))


@bp.route("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
