"""The administrator's pages for signers: who signs, until when their certificates hold, and
giving a signer a new certificate (a renewal) without the command line."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.database import utcnow
from webapp.formatting import local_time
from webapp.main.todo_kinds import CERTIFICATE_WARNING_DAYS
from webapp.request_checks import accepts_files
from webapp.security import roles_required
from webapp.signers.forms import (
    CERTIFICATE_UPLOAD_MAX,
    P12_MAX_BYTES,
    STAMP_MAX_BYTES,
    CertificateForm,
)
from webapp.signers.policies import CERTIFICATE_KEEPERS
from webapp.signers.queries import certificate_standing, listed_signers, signer_or_404
from webapp.signing.keys import attach_certificate
from webapp.unit_of_work import unit_of_work

bp = Blueprint("signers", __name__, url_prefix="/admin/signers", template_folder="templates")


@bp.route("")
@roles_required(*CERTIFICATE_KEEPERS)
def index():
    now = utcnow()
    listed = [
        (signer, certificate_standing(signer, now, CERTIFICATE_WARNING_DAYS))
        for signer in listed_signers()
    ]
    return render_template(
        "signers/index.html", listed=listed, warning_days=CERTIFICATE_WARNING_DAYS
    )


@bp.route("/<int:signer_id>/certificate", methods=["GET", "POST"])
@roles_required(*CERTIFICATE_KEEPERS)
@accepts_files(lambda _config: CERTIFICATE_UPLOAD_MAX)
def certificate(signer_id: int):
    signer = signer_or_404(signer_id)
    form = CertificateForm()
    problems: list[dict] = []
    files = _files(form) if form.validate_on_submit() else None
    if files is not None:
        with unit_of_work() as work:
            attach_certificate(current_user, signer, *files)
        problems = work.message_and_problems
        if not work.refused:
            flash(
                f"Đã nạp chứng thư số cho {signer.full_name}, "
                f"hạn đến {local_time(signer.certificate_expires_at)}.",
                "success",
            )
            return redirect(url_for("signers.index"))
    status = 422 if (problems or form.errors) else 200
    return (
        render_template("signers/certificate.html", signer=signer, form=form, problems=problems),
        status,
    )


def _files(form: CertificateForm) -> tuple[bytes, str, bytes | None] | None:
    """The PKCS#12 file, its password and the mark's picture (None: keep the old one); None with
    the field's error when a file is larger than its limit."""
    p12 = _read(form.p12, P12_MAX_BYTES, "Tệp chứng thư số")
    stamp = _read(form.stamp, STAMP_MAX_BYTES, "Ảnh chữ ký") if form.stamp.data else None
    if form.errors:
        return None
    return p12, form.password.data or "", stamp


def _read(field, limit: int, what: str) -> bytes:
    """The field's file; past the limit, what was read, with the field's error."""
    data = field.data.stream.read(limit + 1)
    if len(data) > limit:
        field.errors = [f"{what} quá lớn: tối đa {limit // 1024} KB."]
    return data
