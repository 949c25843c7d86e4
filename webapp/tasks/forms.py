"""Forms of the task pages: each step a unit, the office or a leader takes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.form_fields import PageForm, comment_field, text_box

REPORT_MAX = 5000


# The evidence files a browser offers to choose: the kinds `webapp/files.py` accepts.
EVIDENCE_ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.gif,.webp"


def percent_field() -> IntegerField:
    """How much of a task is done, 0 to 100, as a report states it."""
    return IntegerField(
        "Mức độ hoàn thành (%)",
        validators=[
            InputRequired("Vui lòng ghi mức độ hoàn thành."),
            NumberRange(0, 100, "Từ 0 đến 100."),
        ],
        default=100,
        render_kw={"min": 0, "max": 100},
    )


class StartForm(FlaskForm):
    submit = SubmitField("Bắt đầu triển khai")


class ReportForm(FlaskForm):
    """A unit's report: what was done, how much, the evidence, optionally the apology letter."""

    text = text_box(
        "Kết quả thực hiện", REPORT_MAX, required="Vui lòng ghi kết quả thực hiện.", rows=5
    )
    percent = percent_field()
    files = MultipleFileField(
        "Tệp minh chứng (PDF, DOCX, XLSX, ảnh JPEG, PNG, GIF, WebP)",
        render_kw={"accept": EVIDENCE_ACCEPT},
    )
    with_apology = BooleanField("Kèm văn bản xin lỗi người dân (tạo từ mẫu)")
    citizen_title = SelectField(
        "Xưng hô", choices=[SelectChoice("Ông", "Ông"), SelectChoice("Bà", "Bà")], default="Bà"
    )
    citizen_name = StringField("Họ tên người dân", validators=[Optional(), Length(max=300)])
    procedure = StringField(
        "Thủ tục (ví dụ: đăng ký khai sinh)", validators=[Optional(), Length(max=300)]
    )
    received_on = DateField("Ngày tiếp nhận hồ sơ", validators=[Optional()])
    due_on = DateField("Ngày hẹn trả", validators=[Optional()])
    returned_on = DateField("Ngày trả kết quả", validators=[Optional()])
    reason = StringField(
        "Nguyên nhân trễ hạn (ví dụ: công chức chậm xử lý)",
        validators=[Optional(), Length(max=300)],
    )
    signer_name = StringField("Người ký văn bản xin lỗi", validators=[Optional(), Length(max=300)])
    signer_title = StringField(
        "Chức vụ người ký", default="CHỦ TỊCH", validators=[Optional(), Length(max=300)]
    )
    submit = SubmitField("Gửi báo cáo")


class ExtensionForm(FlaskForm):
    deadline = DateField("Đề nghị gia hạn đến ngày", validators=[InputRequired("Chọn ngày.")])
    reason = comment_field("Lý do", required="Vui lòng ghi lý do.")
    submit = SubmitField("Xin gia hạn")


class DecisionForm(PageForm):
    """A leader's yes or no, with a comment (required for a no)."""

    field_prefix = "decision"
    comment = comment_field("Ý kiến")
    accept = SubmitField("Đạt")
    refuse = SubmitField("Chưa đạt")


class ExtensionDecisionForm(DecisionForm):
    field_prefix = "extension"
    accept = SubmitField("Đồng ý gia hạn")
    refuse = SubmitField("Không đồng ý")


class CommentForm(PageForm):
    field_prefix = "review"
    comment = comment_field("Ý kiến rà soát của Văn phòng", required="Vui lòng ghi ý kiến.")
    submit = SubmitField("Ghi ý kiến")


class ConfirmForm(PageForm):
    field_prefix = "confirm"
    comment = comment_field("Ý kiến")
    submit = SubmitField("Xác nhận đã khắc phục")


class IssueForm(FlaskForm):
    submit = SubmitField("Ban hành, giao nhiệm vụ cho đơn vị")


class BulkIssueForm(FlaskForm):
    """Issue the signed letters ticked on the letters list (their ids: `directive_ids`)."""

    submit = SubmitField("Ban hành các văn bản đã chọn")


class WithdrawForm(FlaskForm):
    reason = comment_field("Lý do thu hồi", required="Vui lòng ghi lý do thu hồi.")
    submit = SubmitField("Thu hồi văn bản")


class FollowUpForm(FlaskForm):
    period = StringField(validators=[DataRequired()])
    submit = SubmitField("Chỉ đạo soạn văn bản đôn đốc")


class ConfirmMonthForm(FlaskForm):
    """The leader's confirmation of a month's tasks that met their criterion (the tasks are the
    ticked boxes named "task")."""

    period = StringField(validators=[DataRequired("Thiếu kỳ số liệu.")])
    comment = comment_field("Ý kiến (gửi cho mọi đơn vị được xác nhận)")
    submit = SubmitField("Xác nhận đạt")


class UnitReportForm(FlaskForm):
    """One report for several of a unit's tasks of a letter (the tasks are the ticked boxes
    named "task"): one text, one percentage, one set of evidence files."""

    text = text_box(
        "Kết quả thực hiện (dùng chung cho các nhiệm vụ được chọn)",
        REPORT_MAX,
        required="Vui lòng ghi kết quả thực hiện.",
        rows=5,
    )
    percent = percent_field()
    files = MultipleFileField(
        "Tệp minh chứng (PDF, DOCX, XLSX, ảnh JPEG, PNG, GIF, WebP), đính kèm mọi báo cáo",
        render_kw={"accept": EVIDENCE_ACCEPT},
    )
    submit = SubmitField("Gửi báo cáo")
