"""Forms: draft a letter, edit its structure, submit, approve and return it."""

from __future__ import annotations

import re
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from webapp.database import integer
from webapp.directives.editing import LEAD_IN_MAX, LINE_MAX, SUBJECT_MAX, TEXT_MAX
from webapp.directives.models import Directive, DirectiveState, LetterKind
from webapp.directives.operations import COMMENT_MAX
from webapp.directives.unit_choices import unit_choices
from webapp.form_fields import PageForm, comment_field, period_field, text_box
from workflows.letters.grounds import citation
from workflows.vietnamese_order import vietnamese_sorted

REQUIRED = "Vui lòng nhập trường này."
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

DRAFTABLE_KINDS = (
    LetterKind.DIRECTIVE,
    LetterKind.REMINDER,
    LetterKind.CRITICISM,
    LetterKind.NOTICE,
)


def lines_of(text: str | None) -> list[str]:
    """Split a one-item-per-line textarea into its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def paragraphs_of(text: str | None) -> list[str]:
    """Split a textarea into paragraphs at blank lines; lines within a paragraph are joined."""
    blocks = PARAGRAPH_BREAK.split((text or "").replace("\r\n", "\n").strip())
    return [" ".join(lines_of(block)) for block in blocks if block.strip()]


class KnownChoices:
    """Accept only values offered by the field's choices (with a Vietnamese message)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        offered = {str(choice.value) for choice in field.choices or []}
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in (None, "") and str(value) not in offered for value in values):
            raise ValidationError(self.message)


class ItemLengths:
    """Refuse a textarea of lines (or paragraphs) whose longest item is too long."""

    def __init__(self, limit: int, label: str, split=lines_of) -> None:
        self.limit = limit
        self.split = split
        self.message = f"Mỗi {label} tối đa {limit} ký tự."

    def __call__(self, form, field) -> None:
        if any(len(item) > self.limit for item in self.split(field.data)):
            raise ValidationError(self.message)


class DeadlineField(DateField):
    """A date input whose parse error reads in Vietnamese."""

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = datetime.strptime(valuelist[0].strip(), "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError("Hạn hoàn thành không hợp lệ (chọn ngày trên lịch).") from None


class AssignmentForm(Form):
    """One numbered item of the letter."""

    heading = TextAreaField(
        "Đối tượng (in trước dấu hai chấm)",
        validators=[Length(max=TEXT_MAX, message=f"Đối tượng tối đa {TEXT_MAX} ký tự.")],
        render_kw={"rows": 2},
    )
    text = text_box(
        "Nội dung nhiệm vụ",
        TEXT_MAX,
        required="Vui lòng nhập nội dung nhiệm vụ.",
        too_long=f"Nội dung nhiệm vụ tối đa {TEXT_MAX} ký tự.",
        rows=4,
    )
    sub_items = TextAreaField(
        "Các ý a), b), … (mỗi ý một dòng)",
        validators=[ItemLengths(TEXT_MAX, "ý")],
        render_kw={"rows": 3},
    )
    deadline = DeadlineField("Hạn hoàn thành", validators=[Optional()])
    lead_unit_codes = SelectMultipleField(
        "Đơn vị chủ trì",
        choices=[],
        validate_choice=False,
        validators=[KnownChoices("Có đơn vị chủ trì không có trong danh sách.")],
    )
    supporting_unit_codes = SelectMultipleField(
        "Đơn vị phối hợp",
        choices=[],
        validate_choice=False,
        validators=[KnownChoices("Có đơn vị phối hợp không có trong danh sách.")],
    )

    def validate_supporting_unit_codes(self, field) -> None:
        if set(field.data or []) & set(self.lead_unit_codes.data or []):
            raise ValidationError("Một đơn vị không thể vừa chủ trì vừa phối hợp cùng nhiệm vụ.")


class DirectiveForm(FlaskForm):
    """The structured editor of a draft letter."""

    subject = text_box(
        "Trích yếu (V/v …)",
        SUBJECT_MAX,
        required="Vui lòng nhập trích yếu.",
        too_long=f"Trích yếu tối đa {SUBJECT_MAX} ký tự.",
    )
    addressees = TextAreaField(
        "Kính gửi (mỗi nơi một dòng)",
        validators=[ItemLengths(LINE_MAX, "nơi nhận")],
        render_kw={"rows": 4},
    )
    opening = TextAreaField(
        "Phần mở đầu (các đoạn cách nhau một dòng trống)",
        validators=[ItemLengths(TEXT_MAX, "đoạn", paragraphs_of)],
        render_kw={"rows": 8},
    )
    lead_in = TextAreaField(
        "Câu dẫn vào các nhiệm vụ",
        validators=[Length(max=LEAD_IN_MAX, message=f"Câu dẫn tối đa {LEAD_IN_MAX} ký tự.")],
        render_kw={"rows": 2},
    )
    assignments = FieldList(FormField(AssignmentForm), min_entries=0)
    annex = BooleanField("Kèm Phụ lục: danh sách hồ sơ của các đơn vị chưa đạt")
    ground_ids = SelectMultipleField("Căn cứ", coerce=integer, choices=[], validate_choice=False)
    closing = TextAreaField(
        "Phần kết (các đoạn cách nhau một dòng trống)",
        validators=[ItemLengths(TEXT_MAX, "đoạn", paragraphs_of)],
        render_kw={"rows": 4},
    )
    recipients = TextAreaField(
        "Nơi nhận khác (mỗi nơi một dòng; “Như trên” và “Lưu: VT” được thêm tự động)",
        validators=[ItemLengths(LINE_MAX, "nơi nhận")],
        render_kw={"rows": 4},
    )
    signer_id = SelectField(
        "Người ký",
        choices=[],
        validate_choice=False,
        validators=[KnownChoices("Người ký không có trong danh sách.")],
    )
    save = SubmitField("Lưu dự thảo")
    save_and_submit = SubmitField("Lưu và trình ký")
    add_assignment = SubmitField("Thêm nhiệm vụ")

    @classmethod
    def for_directive(cls, directive: Directive, units, signers, grounds=()) -> DirectiveForm:
        """Bind the form to the request, or fill it from the directive on a GET."""
        form = cls(data=initial_data(directive))
        form.unit_choices = unit_choices(units)
        form.ground_ids.choices = [
            SelectChoice(str(ground.id), citation(ground.citation())) for ground in grounds
        ]
        form.signer_id.choices = [SelectChoice("", "— Chọn người ký —")] + [
            SelectChoice(str(s.id), " · ".join([*s.signature_lines, s.full_name]))
            for s in vietnamese_sorted(signers, key=lambda s: s.full_name)
        ]
        for entry in form.assignments:
            form._offer_units(entry)
        return form

    def _offer_units(self, entry) -> None:
        entry.lead_unit_codes.choices = self.unit_choices
        entry.supporting_unit_codes.choices = self.unit_choices

    def wants_new_assignment(self) -> bool:
        """Tell whether "Thêm nhiệm vụ" was pressed; if so, add an empty fieldset."""
        if not (self.is_submitted() and self.add_assignment.data):
            return False
        self._offer_units(self.assignments.append_entry())
        return True

    def removed_assignment(self, index: str | None) -> bool:
        """Drop the fieldset whose "Xóa nhiệm vụ" button was pressed; tell whether one was."""
        try:
            position = integer(index or "")
        except ValueError:
            return False
        if position >= len(self.assignments.entries):
            return False
        del self.assignments.entries[position]
        return True

    def attach(self, problems: list[dict]) -> list[dict]:
        """Show an operation's problems next to their fields; return those that fit no field."""
        left = []
        for problem in problems:
            field = self._field_at(str(problem.get("field", "")))
            if field is None:
                left.append(problem)
            else:
                field.errors = [*field.errors, problem["message"]]
        return left

    def _field_at(self, path: str):
        """The field a problem's path names: "subject", "opening.2", "assignments.0.text"."""
        name, _, rest = path.partition(".")
        if name != "assignments":
            return self._fields.get(name)
        index, _, subname = rest.partition(".")
        if not index.isdigit() or int(index) >= len(self.assignments.entries):
            return None
        entry = self.assignments.entries[int(index)].form
        return entry._fields.get(subname.partition(".")[0], entry.text)

    def changes(self) -> dict:
        """The edits as update_draft() takes them."""
        return {
            "subject": " ".join(lines_of(self.subject.data)),
            "addressees": lines_of(self.addressees.data),
            "opening": paragraphs_of(self.opening.data),
            "lead_in": (self.lead_in.data or "").strip(),
            "closing": paragraphs_of(self.closing.data),
            "recipients": lines_of(self.recipients.data),
            "signer_id": int(self.signer_id.data) if self.signer_id.data else None,
            "annex": bool(self.annex.data),
            "ground_ids": [i for i in (self.ground_ids.data or []) if i is not None],
            "assignments": [
                {
                    "heading": (entry.heading.data or "").strip(),
                    "text": (entry.text.data or "").strip(),
                    "sub_items": lines_of(entry.sub_items.data),
                    "deadline": entry.deadline.data,
                    "lead_unit_codes": list(entry.lead_unit_codes.data or []),
                    "supporting_unit_codes": list(entry.supporting_unit_codes.data or []),
                }
                for entry in (field.form for field in self.assignments)
            ],
        }


def initial_data(directive: Directive) -> dict:
    """The directive's content as the editor's textareas show it."""
    return {
        "subject": directive.subject,
        "addressees": "\n".join(directive.addressees or []),
        "opening": "\n\n".join(directive.opening or []),
        "lead_in": directive.lead_in,
        "closing": "\n\n".join(directive.closing or []),
        "recipients": "\n".join(directive.recipients or []),
        "signer_id": str(directive.signer_id or ""),
        "annex": directive.annex is not None,
        "ground_ids": [str(ground_id) for ground_id in directive.ground_ids or []],
        "assignments": [
            {
                "heading": item.heading,
                "text": item.text,
                "sub_items": "\n".join(item.sub_items or []),
                "deadline": item.deadline,
                "lead_unit_codes": [unit.code for unit in item.lead_units],
                "supporting_unit_codes": [unit.code for unit in item.supporting_units],
            }
            for item in directive.assignments
        ],
    }


class DraftForm(FlaskForm):
    """Start a letter from one month's figures."""

    period = period_field()
    kind = SelectField(
        "Loại văn bản",
        choices=[SelectChoice(kind.value, kind.label) for kind in DRAFTABLE_KINDS],
        default=LetterKind.DIRECTIVE.value,
        validate_choice=False,
        validators=[KnownChoices("Loại văn bản không hợp lệ.")],
    )
    submit = SubmitField("Soạn văn bản")


class ReminderBatchForm(PageForm):
    """Draft one reminder for each unit failing a month (beside the drafting form)."""

    field_prefix = "reminder"
    period = period_field()
    submit = SubmitField("Soạn công văn đôn đốc từng đơn vị")


class SubmitForm(FlaskForm):
    submit = SubmitField("Trình ký")


class ApproveForm(FlaskForm):
    submit = SubmitField("Ký và cấp số")


class ReturnForm(FlaskForm):
    comment = comment_field(
        "Ý kiến khi trả lại", required="Vui lòng ghi lý do trả lại.", max_length=COMMENT_MAX, rows=3
    )
    submit = SubmitField("Trả lại")


class StateFilterForm(Form):
    """The list's filter (GET, no CSRF)."""

    state = SelectField(
        "Trạng thái",
        choices=[SelectChoice("", "Tất cả")]
        + [SelectChoice(state.value, state.label) for state in DirectiveState],
        validate_choice=False,
    )

    def chosen_state(self) -> DirectiveState | None:
        """The state asked for, or None for every state (unknown values are ignored)."""
        try:
            return DirectiveState(self.state.data)
        except ValueError:
            return None
