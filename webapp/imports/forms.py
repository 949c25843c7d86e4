"""The upload form."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from webapp.imports.models import ImportKind


class ImportForm(FlaskForm):
    kind = SelectField(
        "Loại dữ liệu",
        choices=[SelectChoice(kind.value, kind.label) for kind in ImportKind],
        default=ImportKind.DOSSIERS.value,
    )
    file = FileField(
        "Tệp CSV, XLSX hoặc XLS",
        validators=[FileRequired("Chưa chọn tệp để nhập.")],
        render_kw={"accept": ".csv,.xlsx,.xls,.htm,.html,text/csv"},
    )
    submit = SubmitField("Nhập số liệu")
