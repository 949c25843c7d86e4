"""Pages: a letter's signature report, and checking any PDF someone received ("is it genuine?")."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from webapp.audit.operations import client_address
from webapp.directives.queries import directive_or_404
from webapp.documents.storage import letter_file
from webapp.extensions import db
from webapp.files import clean_file_name
from webapp.request_checks import accepts_files
from webapp.signing.operations import VerifyThrottled, admit_verification
from webapp.signing.verify import VERIFY_MAX_BYTES, upload_problem, verify_pdf, verify_upload

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
@accepts_files(lambda _config: VERIFY_MAX_BYTES)
def check():
    """Open to anyone: a citizen or an office checks a letter it received."""
    if request.method == "POST":
        try:
            admit_verification(client_address())
        except VerifyThrottled as refused:
            db.session.rollback()
            page = render_template(
                "signing/verify.html",
                form=VerifyForm(formdata=None),
                reports=None,
                refusal=refused.message,
            )
            return page, 429, {"Retry-After": str(refused.retry_after)}
        # Committed before the file is checked: other processes count it at once, and SQLite's
        # write lock is not held while the check runs.
        db.session.commit()
    form = VerifyForm()
    reports, status = None, 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            upload = form.file.data
            data = upload.stream.read(VERIFY_MAX_BYTES + 1)
            problem = upload_problem(clean_file_name(upload.filename), upload.mimetype, data)
            if problem:
                form.file.errors = [problem]
            else:
                reports, status = verify_upload(data), 200
    return render_template("signing/verify.html", form=form, reports=reports), status
