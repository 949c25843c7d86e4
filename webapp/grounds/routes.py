"""Page: the grounds letters may cite, and adding or retiring one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.grounds.forms import GroundForm, ToggleForm
from webapp.grounds.operations import add_ground, set_ground_active
from webapp.grounds.policies import GROUND_KEEPERS
from webapp.grounds.queries import all_grounds, ground_or_404
from webapp.security import roles_required
from webapp.unit_of_work import unit_of_work
from workflows.letters.grounds import citation

bp = Blueprint("grounds", __name__, template_folder="templates")


@bp.route("/grounds", methods=["GET", "POST"])
@roles_required(*GROUND_KEEPERS)
def index():
    form = GroundForm()
    problems = []
    if form.validate_on_submit():
        with unit_of_work() as work:
            add_ground(
                current_user,
                form.kind.data,
                form.number_text.data,
                form.issued_on.data,
                form.issuer.data,
                form.title.data or "",
            )
        if not work.refused:
            flash("Đã thêm căn cứ; các dự thảo mới sẽ dẫn căn cứ này.", "success")
            return redirect(url_for("grounds.index"))
        problems = work.message_and_problems
    page = render_template(
        "grounds/index.html",
        grounds=all_grounds(),
        form=form,
        toggle=ToggleForm(formdata=None),
        problems=problems,
        citation=citation,
    )
    return page, (422 if problems or form.errors else 200)


@bp.route("/grounds/<int:ground_id>/toggle", methods=["POST"])
@roles_required(*GROUND_KEEPERS)
def toggle(ground_id: int):
    ground = ground_or_404(ground_id)
    if ToggleForm().validate_on_submit():
        with unit_of_work() as work:
            set_ground_active(current_user, ground, not ground.active)
        flash(work.message or "Đã cập nhật căn cứ.", "danger" if work.refused else "success")
    return redirect(url_for("grounds.index"))
