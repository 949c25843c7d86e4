"""Pages: a letter's signature report, and checking any PDF someone received ("is it genuine?")."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from webapp.directives.queries import directive_or_404
from webapp.documents.storage import letter_file
from webapp.signing.verify import verify_pdf

bp = Blueprint("signing", __name__, template_folder="templates")


class VerifyForm(FlaskForm):
    file = FileField("Tệp PDF cần kiểm tra", validators=[FileRequired("Chưa chọn tệp PDF.")])
    submit = SubmitField("Kiểm tra chữ ký số")


@bp.route("/directives/<int:directive_id>/signature")
@login_required
def letter(directive_id: int):
    directive = directive_or_404(current_user, directive_id)
    reports = verify_pdf(letter_file(directive, "pdf")) if directive.number else []
    return render_template("signing/letter.html", directive=directive, reports=reports)


@bp.route("/verify", methods=["GET", "POST"])
def check():
    """Open to anyone: a citizen or an office checks a letter it received."""
    form = VerifyForm()
    reports, status = None, 200
    if request.method == "POST":
        if form.validate_on_submit():
            limit = 50 * 1024 * 1024
            reports = verify_pdf(form.file.data.stream.read(limit))
        else:
            status = 422
    return render_template("signing/verify.html", form=form, reports=reports), status
