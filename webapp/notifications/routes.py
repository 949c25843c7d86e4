"""Page: the user's notifications, newest first, and marking them read."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from webapp.database import integer
from webapp.extensions import db
from webapp.notifications.operations import mark_read, notifications_of

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.route("/notifications")
@login_required
def index():
    return render_template(
        "notifications/index.html", notes=notifications_of(current_user), form=FlaskForm()
    )


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read():
    form = FlaskForm()
    if form.validate_on_submit():
        if "id" not in request.form:
            mark_read(current_user)
        # An id that is no number names no notification: nothing is marked, not every one.
        elif (note_id := request.form.get("id", type=integer)) is not None:
            mark_read(current_user, note_id)
        db.session.commit()
    return redirect(url_for("notifications.index"))
