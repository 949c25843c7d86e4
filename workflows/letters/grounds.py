"""The grounds (căn cứ) a letter opens with: the issuing body's plans and the office's proposal
letters, cited as letter 1522/UBND-THNC cites them."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from workflows.periods import period_label


class GroundKind(enum.StrEnum):
    PLAN = "plan"
    PROPOSAL = "proposal"
    DECISION = "decision"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return GROUND_WORDS[self]


GROUND_WORDS = {
    GroundKind.PLAN: "Kế hoạch",
    GroundKind.PROPOSAL: "Tờ trình",
    GroundKind.DECISION: "Quyết định",
    GroundKind.LETTER: "Công văn",
}
# What a drafted letter's findings paragraph ends its grounds with.
REVIEW = "; qua xem xét"


@dataclass(frozen=True)
class GroundCitation:
    kind: GroundKind
    number_text: str  # "394/KH-UBND"
    issued_on: date
    issuer: str  # "UBND thành phố"
    title: str  # "về kiểm tra công tác cải cách hành chính ... năm 2024"


def citation(ground: GroundCitation) -> str:
    """ "Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành phố về kiểm tra …"."""
    title = ground.title.strip()
    return (
        f"{ground.kind.label} số {ground.number_text.strip()} ngày {ground.issued_on:%d/%m/%Y} "
        f"của {ground.issuer.strip()}" + (f" {title}" if title else "")
    )


def grounds_clause(grounds: Sequence[GroundCitation], period: str) -> str:
    """ "Căn cứ Kế hoạch số …; Công văn số …", or, with none chosen, the month's results on the
    one-stop system as the only ground."""
    if not grounds:
        return (
            f"Căn cứ kết quả giải quyết thủ tục hành chính {period_label(period)} trên Hệ thống "
            "thông tin giải quyết thủ tục hành chính"
        )
    return "Căn cứ " + "; ".join(citation(ground) for ground in grounds)


def with_grounds(opening: Sequence[str], clause: str) -> list[str]:
    """The opening with its first paragraph's grounds replaced by `clause` (or the clause as a
    paragraph of its own before it, when the paragraph was rewritten without them)."""
    paragraphs = list(opening)
    if paragraphs and paragraphs[0].startswith("Căn cứ ") and REVIEW in paragraphs[0]:
        paragraphs[0] = clause + paragraphs[0][paragraphs[0].index(REVIEW) :]
        return paragraphs
    return [clause + ";", *paragraphs]
