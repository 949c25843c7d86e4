"""The form that gives a signer a new certificate."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, SubmitField

# A PKCS#12 file holds a key and a handful of certificates: a few kilobytes; the mark's picture
# is a small PNG. Anything larger is not what this form takes.
P12_MAX_BYTES = 64 * 1024
STAMP_MAX_BYTES = 2 * 1024 * 1024
CERTIFICATE_UPLOAD_MAX = P12_MAX_BYTES + STAMP_MAX_BYTES + 64 * 1024


class CertificateForm(FlaskForm):
    p12 = FileField(
        "Tệp chứng thư số (.p12 hoặc .pfx, chứa cả khóa bí mật)",
        validators=[FileRequired("Chưa chọn tệp chứng thư số.")],
    )
    password = PasswordField("Mật khẩu của tệp")
    stamp = FileField("Ảnh chữ ký có dấu (PNG, tùy chọn: giữ ảnh cũ nếu để trống)")
    submit = SubmitField("Nạp chứng thư")
