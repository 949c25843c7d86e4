"""Forms for logging in and changing one's password."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from webapp.auth.models import USERNAME_MAX, EmailFrequency
from webapp.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from webapp.form_fields import PageForm

REQUIRED = "Vui lòng nhập trường này."


class LoginForm(FlaskForm):
    username = StringField(
        "Tên đăng nhập",
        validators=[
            DataRequired(REQUIRED),
            Length(max=USERNAME_MAX, message=f"Tên đăng nhập tối đa {USERNAME_MAX} ký tự."),
        ],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Mật khẩu",
        validators=[
            DataRequired(REQUIRED),
            Length(
                max=MAX_PASSWORD_LENGTH, message=f"Mật khẩu tối đa {MAX_PASSWORD_LENGTH} ký tự."
            ),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Đăng nhập")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Mật khẩu hiện tại",
        validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "Mật khẩu mới",
        validators=[
            DataRequired(REQUIRED),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=f"Mật khẩu mới phải có từ {MIN_PASSWORD_LENGTH} đến "
                f"{MAX_PASSWORD_LENGTH} ký tự.",
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Nhập lại mật khẩu mới",
        validators=[DataRequired(REQUIRED), EqualTo("new_password", "Hai mật khẩu không khớp.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Đổi mật khẩu")


class EmailFrequencyForm(PageForm):
    """How one's notifications are e-mailed."""

    field_prefix = "mail"
    email_frequency = RadioField(
        "Nhận thông báo qua thư điện tử",
        choices=[SelectChoice(f.value, f.label) for f in EmailFrequency],
        validators=[DataRequired("Chọn một cách nhận thư.")],
    )
    submit = SubmitField("Lưu cách nhận thư")
