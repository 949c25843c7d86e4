"""Forms of the grounds page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from webapp.grounds.operations import ISSUER_MAX, NUMBER_MAX, TITLE_MAX
from workflows.letters.grounds import GroundKind


class GroundForm(FlaskForm):
    kind = SelectField(
        "Loại văn bản", choices=[SelectChoice(kind.value, kind.label) for kind in GroundKind]
    )
    number_text = StringField(
        "Số, ký hiệu (ví dụ 394/KH-UBND)",
        validators=[DataRequired("Vui lòng nhập số, ký hiệu."), Length(max=NUMBER_MAX)],
    )
    issued_on = DateField("Ngày ban hành", validators=[DataRequired("Vui lòng chọn ngày.")])
    issuer = StringField(
        "Cơ quan ban hành (ví dụ UBND thành phố)",
        validators=[DataRequired("Vui lòng nhập cơ quan ban hành."), Length(max=ISSUER_MAX)],
    )
    title = StringField(
        "Trích yếu (ví dụ về kiểm tra công tác cải cách hành chính … năm 2024)",
        validators=[Optional(), Length(max=TITLE_MAX)],
    )
    submit = SubmitField("Thêm căn cứ")


class ToggleForm(FlaskForm):
    submit = SubmitField()
