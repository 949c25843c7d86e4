"""Admin forms for user accounts."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from webapp.auth.models import DISPLAY_NAME_MAX, USERNAME_MAX, Role
from webapp.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

REQUIRED = "Vui lòng nhập trường này."
PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH,
    max=MAX_PASSWORD_LENGTH,
    message=f"Mật khẩu phải có từ {MIN_PASSWORD_LENGTH} đến {MAX_PASSWORD_LENGTH} ký tự.",
)


class NewUserForm(FlaskForm):
    username = StringField(
        "Tên đăng nhập",
        validators=[
            DataRequired(REQUIRED),
            Length(max=USERNAME_MAX, message=f"Tên đăng nhập tối đa {USERNAME_MAX} ký tự."),
        ],
    )
    display_name = StringField(
        "Họ tên",
        validators=[
            DataRequired(REQUIRED),
            Length(max=DISPLAY_NAME_MAX, message=f"Họ tên tối đa {DISPLAY_NAME_MAX} ký tự."),
        ],
    )
    role = SelectField("Vai trò", choices=[SelectChoice(role.value, role.label) for role in Role])
    unit_code = SelectField("Đơn vị (chỉ với cán bộ đơn vị)", choices=[])
    password = PasswordField(
        "Mật khẩu ban đầu", validators=[DataRequired(REQUIRED), PASSWORD_LENGTH]
    )
    submit = SubmitField("Tạo tài khoản")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("Mật khẩu mới", validators=[DataRequired(REQUIRED), PASSWORD_LENGTH])
    submit = SubmitField("Đặt lại mật khẩu")
