"""Measurable criteria of an assignment over a month's figures: met, not met, or not measurable."""

from __future__ import annotations

import operator
from dataclasses import dataclass

from workflows.errors import InvalidInput
from workflows.numbers import number_text, percent_text
from workflows.rules.figures import MonthFigures

FIGURES = {
    "on_time_rate": "Tỷ lệ giải quyết đúng hạn (%)",
    "closed_late_in_software": "Hồ sơ quên bấm kết thúc",
    "complaints": "Phản ánh, kiến nghị",
    "pending_overdue": "Hồ sơ đang giải quyết quá hạn",
    "resolved_late": "Hồ sơ giải quyết quá hạn",
    "late_caused_elsewhere": "Hồ sơ liên thông của đơn vị khác bị làm chậm",
}
OPERATORS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
# The figures that are rates, shown with " %".
RATES = frozenset({"on_time_rate"})
OPERATOR_WORDS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


@dataclass(frozen=True)
class Criterion:
    figure: str
    op: str
    value: float

    @classmethod
    def from_dict(cls, data: dict) -> Criterion:
        """Read a stored criterion, refusing an unknown figure or operator."""
        figure, op = data.get("figure"), data.get("op")
        if figure not in FIGURES or op not in OPERATORS:
            raise InvalidInput(
                "Tiêu chí không hợp lệ.",
                [{"field": "criterion", "message": f"Chỉ tiêu {figure!r}, phép so sánh {op!r}."}],
            )
        try:
            value = float(data.get("value"))
        except (TypeError, ValueError):
            raise InvalidInput(
                "Tiêu chí không hợp lệ.", [{"field": "criterion", "message": "Giá trị phải là số."}]
            ) from None
        return cls(figure, op, value)

    def as_dict(self) -> dict:
        return {"figure": self.figure, "op": self.op, "value": self.value}

    @property
    def text(self) -> str:
        """Return the criterion in words, e.g. "Tỷ lệ giải quyết đúng hạn ≥ 97 %"."""
        return f"{figure_name(self.figure)} {OPERATOR_WORDS[self.op]} {value_text(self.figure, self.value)}"


@dataclass(frozen=True)
class Evaluation:
    met: bool | None  # None: the month gives no value to judge (nothing resolved)
    value: float | None
    text: str


def evaluate(criterion: Criterion, figures: MonthFigures | None) -> Evaluation:
    """Judge one unit's month against a criterion."""
    if figures is None:
        return Evaluation(None, None, "Chưa có số liệu của đơn vị trong tháng.")
    value = getattr(figures, criterion.figure)
    if value is None:
        return Evaluation(None, None, "Không có hồ sơ được giải quyết trong tháng để tính tỷ lệ.")
    value = round(float(value), 2)
    met = OPERATORS[criterion.op](value, criterion.value)
    verdict = "đạt" if met else "chưa đạt"
    shown = value_text(criterion.figure, value)
    return Evaluation(met, value, f"{figure_name(criterion.figure)}: {shown} ({verdict})")


def figure_name(figure: str) -> str:
    """Return a figure's name for a sentence: "Tỷ lệ giải quyết đúng hạn" (its unit goes with the
    value)."""
    return FIGURES[figure].removesuffix(" (%)")


def value_text(figure: str, value: float) -> str:
    """Return a figure's value as people read it: "93,75 %" for a rate, "1.234" for a count."""
    if figure in RATES:
        return percent_text(value, decimals=None)
    return number_text(value)
