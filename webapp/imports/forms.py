"""The upload form."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp

from webapp.imports.models import SHEET_MAX, ImportKind, ImportOptions
from workflows.periods import PERIOD_PATTERN


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
    sheet = StringField(
        "Trang tính (tùy chọn)",
        validators=[Length(max=SHEET_MAX, message=f"Tên trang tính tối đa {SHEET_MAX} ký tự.")],
    )
    period = StringField(
        "Kỳ báo cáo (tùy chọn)",
        validators=[Optional(), Regexp(PERIOD_PATTERN, message="Kỳ phải có dạng YYYY-MM.")],
        render_kw={"type": "month"},
    )
    submit = SubmitField("Nhập số liệu")

    @property
    def options(self) -> ImportOptions:
        return ImportOptions((self.sheet.data or "").strip(), self.period.data or None)
