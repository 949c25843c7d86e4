"""What drafting a letter takes (the request: findings, units, figures, the earlier letter) and
what it gives (the draft: subject, addressees, assignments, recipients)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from workflows.letters.grounds import GroundCitation
from workflows.rules.figures import MonthFigures
from workflows.rules.findings import REPEAT_FLAG_AT, CityMonth, Finding

DEFAULT_DEADLINE_DAYS = 15


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    kind: str  # department, ward, commune or agency


@dataclass(frozen=True)
class EarlierLetter:
    """The letter a reminder or criticism follows up on."""

    number_text: str  # "01/UBND-VP"
    letter_date: date
    subject: str


@dataclass(frozen=True)
class DraftRequest:
    kind: str
    period: str
    findings: Sequence[Finding]
    units: Sequence[UnitInfo]
    drafted_on: date
    # The period's figures of every reporting unit, in the order the notice table lists them.
    figures: Sequence[MonthFigures] = ()
    # City-wide totals per month, oldest first (months after the period are ignored).
    city: Sequence[CityMonth] = ()
    deadline_days: int = DEFAULT_DEADLINE_DAYS
    # Căn cứ: the plans and letters the draft opens with; none: the month's results as the ground.
    grounds: Sequence[GroundCitation] = ()
    earlier: EarlierLetter | None = None
    # What the register says was directed before: {(unit code, rule): the letters sent about
    # earlier months that named the unit under that finding, oldest first}.
    directed_before: Mapping[tuple[str, str], Sequence[EarlierLetter]] = field(default_factory=dict)
    # Inter-unit delays of the month: {unit that made dossiers late: {unit whose dossiers: how many}}.
    delays: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # Requests for exemption still open on software errors, per unit: {unit code: dossiers}.
    software_errors: Mapping[str, int] = field(default_factory=dict)
    # The department that leads on software errors.
    it_support_code: str = "VHTT"
    # Failing months in 12 that call for disciplinary review ("tái phạm từ 03 lần trở lên").
    flag_at: int = REPEAT_FLAG_AT
    # The issuing People's Committee's level: "thành phố", "quận", "huyện", "thị xã".
    level: str = "thành phố"


@dataclass(frozen=True)
class AssignmentDraft:
    heading: str
    text: str
    lead_unit_codes: tuple[str, ...]
    supporting_unit_codes: tuple[str, ...] = ()
    sub_items: tuple[str, ...] = ()
    deadline: date | None = None
    # What next month's figures must show, e.g. {"figure": "on_time_rate", "op": ">=", "value": 97}.
    criterion: dict | None = None


@dataclass(frozen=True)
class LetterDraft:
    kind: str
    subject: str
    addressees: tuple[str, ...]
    opening: tuple[str, ...]
    lead_in: str
    assignments: tuple[AssignmentDraft, ...]
    closing: tuple[str, ...]
    recipients: tuple[str, ...]
    table: dict | None = field(default=None)
