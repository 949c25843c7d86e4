"""Forms of the exemption pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, MultipleFileField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from webapp.exemptions.operations import COMMENT_MAX, TEXT_MAX
from workflows.machines.exemption import Reason


class RequestForm(FlaskForm):
    dossier_code = HiddenField()
    reason = SelectField(
        "Lý do",
        choices=[SelectChoice(item.value, item.label) for item in Reason],
        default="software_error",
    )
    text = TextAreaField(
        "Giải trình",
        validators=[
            DataRequired("Vui lòng giải trình vì sao hồ sơ không nên tính là quá hạn."),
            Length(max=TEXT_MAX, message=f"Giải trình tối đa {TEXT_MAX} ký tự."),
        ],
        render_kw={"rows": 6},
    )
    files = MultipleFileField("Tệp minh chứng (PDF, DOCX, XLSX, ảnh JPEG, PNG, GIF, WebP)")
    submit = SubmitField("Gửi đề nghị miễn trừ")


class DecisionForm(FlaskForm):
    comment = TextAreaField(
        "Ý kiến",
        validators=[
            DataRequired("Vui lòng ghi ý kiến: đơn vị sẽ đọc."),
            Length(max=COMMENT_MAX, message=f"Ý kiến tối đa {COMMENT_MAX} ký tự."),
        ],
        render_kw={"rows": 3},
    )
    accept = SubmitField("Chấp nhận miễn trừ")
    reject = SubmitField("Không chấp nhận")


class WithdrawForm(FlaskForm):
    submit = SubmitField("Rút đề nghị")
