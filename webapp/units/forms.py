"""The admin form for a unit."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from webapp.units.models import CODE_MAX, NAME_MAX, UnitKind

REQUIRED = "Vui lòng nhập trường này."


class UnitForm(FlaskForm):
    code = StringField(
        "Mã đơn vị",
        validators=[
            DataRequired(REQUIRED),
            Length(max=CODE_MAX, message=f"Mã đơn vị tối đa {CODE_MAX} ký tự."),
            Regexp(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                message="Mã đơn vị chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.",
            ),
        ],
    )
    name = StringField(
        "Tên đơn vị",
        validators=[
            DataRequired(REQUIRED),
            Length(max=NAME_MAX, message=f"Tên đơn vị tối đa {NAME_MAX} ký tự."),
        ],
    )
    kind = SelectField("Loại", choices=[SelectChoice(kind.value, kind.label) for kind in UnitKind])
    parent_code = SelectField("Trực thuộc", choices=[], validate_choice=True)
    submit = SubmitField("Lưu")
