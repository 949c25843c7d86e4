"""Fields and form behaviour several forms share."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from workflows.periods import PERIOD_PATTERN

COMMENT_MAX = 2000


def text_box(
    label: str,
    max_length: int,
    *,
    required: str | None = None,
    too_long: str | None = None,
    rows: int = 2,
) -> TextAreaField:
    """Return a text box of at most `max_length` characters, required when a message for its
    absence is given."""
    validators = [DataRequired(required)] if required else []
    validators.append(Length(max=max_length, message=too_long or f"Tối đa {max_length} ký tự."))
    return TextAreaField(label, validators=validators, render_kw={"rows": rows})


def comment_field(
    label: str, required: str | None = None, max_length: int = COMMENT_MAX, rows: int = 2
) -> TextAreaField:
    """Return a comment or reason box (at most COMMENT_MAX characters by default)."""
    return text_box(label, max_length, required=required, rows=rows)


def period_field() -> StringField:
    """Return the month chooser of a form that works on one month's figures."""
    return StringField(
        "Kỳ số liệu",
        validators=[
            DataRequired("Vui lòng chọn kỳ số liệu."),
            Regexp(PERIOD_PATTERN, message="Kỳ số liệu phải có dạng YYYY-MM, ví dụ 2024-01."),
        ],
        render_kw={"type": "month"},
    )


class PageForm(FlaskForm):
    """A form that shares its page with others: its fields carry its own prefix, so no two
    fields of the page have the same name or id."""

    field_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.field_prefix)
        super().__init__(*args, **kwargs)
