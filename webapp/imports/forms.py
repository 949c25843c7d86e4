"""The upload form."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional, Regexp
from wtforms.widgets import HiddenInput

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
    preview = SubmitField("Xem trước")
    submit = SubmitField("Nhập số liệu")

    @property
    def options(self) -> ImportOptions:
        return ImportOptions((self.sheet.data or "").strip(), self.period.data or None)


class PreviewedImportForm(FlaskForm):
    """The preview's "Nhập" button: the upload it showed, by its SHA-256, and the figures'
    version it was made on."""

    kind = HiddenField(validators=[AnyOf([kind.value for kind in ImportKind])])
    checksum = HiddenField(validators=[Regexp(r"^[0-9a-f]{64}$")])
    file_name = HiddenField(validators=[Length(max=255)])
    sheet = HiddenField(validators=[Length(max=SHEET_MAX)])
    period = HiddenField(validators=[Optional(), Regexp(PERIOD_PATTERN)])
    version = IntegerField(widget=HiddenInput())
    submit = SubmitField("Nhập")

    @property
    def options(self) -> ImportOptions:
        return ImportOptions(self.sheet.data or "", self.period.data or None)
