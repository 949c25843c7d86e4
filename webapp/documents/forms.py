"""The template upload form."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from webapp.directives.models import LetterKind


class TemplateUploadForm(FlaskForm):
    kind = SelectField(
        "Loại công văn", choices=[SelectChoice(kind.value, kind.label) for kind in LetterKind]
    )
    docx = FileField(
        "Mẫu Word (template.docx)",
        validators=[
            FileRequired("Chưa chọn tệp template.docx."),
            FileAllowed(["docx"], "Mẫu Word phải là tệp .docx."),
        ],
        render_kw={"accept": ".docx"},
    )
    html = FileField(
        "Mẫu PDF (template.html)",
        validators=[
            FileRequired("Chưa chọn tệp template.html."),
            FileAllowed(["html", "htm"], "Mẫu PDF phải là tệp .html."),
        ],
        render_kw={"accept": ".html,.htm"},
    )
    css = FileField(
        "Định dạng (style.css, không bắt buộc)",
        validators=[FileAllowed(["css"], "Tệp định dạng phải là .css.")],
        render_kw={"accept": ".css"},
    )
    metadata = FileField(
        "Thông tin mẫu (metadata.yaml, không bắt buộc)",
        validators=[FileAllowed(["yaml", "yml"], "Tệp thông tin phải là .yaml.")],
        render_kw={"accept": ".yaml,.yml"},
    )
    submit = SubmitField("Kiểm tra và tải lên")

    def template_files(self) -> dict:
        """Return the uploaded files under their names in a template folder."""
        return {
            "template.docx": self.docx.data,
            "template.html": self.html.data,
            "style.css": self.css.data,
            "metadata.yaml": self.metadata.data,
        }
