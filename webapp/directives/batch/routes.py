"""Pages: draft one reminder per failing unit, and follow the batch while it is rendered."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from webapp.directives.batch.models import LetterBatch
from webapp.directives.batch.operations import (
    batch_progress,
    draft_reminders,
    start_batch_rendering,
)
from webapp.directives.forms import ReminderBatchForm
from webapp.directives.index_page import render_index
from webapp.directives.policies import EDITORS
from webapp.extensions import db
from webapp.security import STAFF_ROLES, staff_page
from webapp.unit_of_work import unit_of_work

# Its pages are among the letters' templates (webapp/directives/templates).
bp = Blueprint("batches", __name__)


@bp.route("/directives/reminders", methods=["POST"])
@staff_page(*EDITORS)
def draft():
    form = ReminderBatchForm()
    if not form.validate_on_submit():
        return render_index(reminder_form=form, status=422)
    # The worker must find the letters: they are committed before their rendering is queued.
    with unit_of_work() as work:
        batch = draft_reminders(current_user, form.period.data)
    if work.refused:
        return render_index(reminder_form=form, problems=work.message_and_problems, status=422)
    with unit_of_work():
        start_batch_rendering(batch)
    flash(f"Đã soạn {len(batch.directives)} công văn đôn đốc, mỗi đơn vị một văn bản.", "success")
    return redirect(url_for("batches.show", batch_id=batch.id))


@bp.route("/directives/batches/<int:batch_id>")
@staff_page(*STAFF_ROLES)
def show(batch_id: int):
    batch = _batch_or_404(batch_id)
    return render_template("directives/batch.html", batch=batch, progress=batch_progress(batch))


@bp.route("/directives/batches/<int:batch_id>/progress")
@staff_page(*STAFF_ROLES)
def progress(batch_id: int):
    state = batch_progress(_batch_or_404(batch_id))
    return jsonify(
        {"status": state.status, "progress": state.fraction, "rendered": len(state.rendered)}
    )


def _batch_or_404(batch_id: int) -> LetterBatch:
    batch = db.session.get(LetterBatch, batch_id)
    if batch is None:
        abort(404)
    return batch
