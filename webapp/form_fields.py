"""Fields several forms share."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

COMMENT_MAX = 2000


def comment_field(
    label: str, required: str | None = None, max_length: int = COMMENT_MAX, rows: int = 2
) -> TextAreaField:
    """Return a comment or reason box: at most `max_length` characters, required when a message
    for its absence is given."""
    validators = [DataRequired(required)] if required else []
    validators.append(Length(max=max_length, message=f"Tối đa {max_length} ký tự."))
    return TextAreaField(label, validators=validators, render_kw={"rows": rows})
