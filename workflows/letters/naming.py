"""Name units and counts in a letter: short ward names, padded counts, rates with a comma."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from workflows.letters.draft_types import UnitInfo
from workflows.numbers import number_text
from workflows.rules.findings import REPEAT_FLAG_AT, Finding, Rule
from workflows.vietnamese_order import vietnamese_key

LOCAL_KINDS = ("ward", "commune")
SHORT_PREFIXES = ("UBND phường ", "UBND xã ", "UBND thị trấn ")
LEVEL_ABBREVIATIONS = {"thành phố": "TP", "thị xã": "TX"}


def count_text(value: int, pad: bool = True) -> str:
    """Return a count as letters write it: "05" (padded under 10 when asked), "1.234"."""
    if pad and 0 < value < 10:
        return f"{value:02d}"
    return number_text(value)


def rate_text(rate: float | None) -> str:
    """Return a rate as "96,41" (two decimals, comma), or "—" when nothing was resolved."""
    return number_text(rate, 2)


def threshold_text(threshold: float) -> str:
    """Return a threshold as "97" or "96,5"."""
    return number_text(threshold)


class Units:
    """The units a letter may name, and the phrases that depend on which of them exist."""

    def __init__(
        self,
        units: Sequence[UnitInfo],
        level: str,
        it_support: str = "VHTT",
        flag_at: int = REPEAT_FLAG_AT,
    ) -> None:
        # "tái phạm từ 03 lần trở lên": the repeat count that calls for disciplinary measures.
        self.flag = f"{flag_at:02d}"
        self.by_code = {unit.code: unit for unit in units}
        self.level = level
        self.local = [unit for unit in units if unit.kind in LOCAL_KINDS]
        self.nv = _department(units, "NV", "phòng nội vụ")
        self.vhtt = _department(units, it_support, "phòng văn hóa và thông tin")

    @staticmethod
    def is_local(unit: UnitInfo) -> bool:
        return unit.kind in LOCAL_KINDS

    def ordered(self, codes: Iterable[str]) -> tuple[str, ...]:
        """Return the codes in the order letters list units (see letter_place())."""
        return tuple(sorted(codes, key=self._place))

    def _place(self, code: str) -> tuple:
        unit = self.by_code.get(code)
        return letter_place(unit) if unit else (True, vietnamese_key(code), code)

    def full(self, code: str) -> str:
        unit = self.by_code.get(code)
        return unit.name if unit else code

    def short(self, code: str) -> str:
        """Return "An Bình" for the unit named "UBND phường An Bình"."""
        return short_name(self.full(code))

    @property
    def body(self) -> str:
        return f"UBND {self.level}"

    @property
    def chair(self) -> str:
        return f"Chủ tịch UBND {self.level}"

    @property
    def local_words(self) -> str:
        kinds = {unit.kind for unit in self.local}
        if kinds == {"ward"}:
            return "phường"
        if kinds == {"commune"}:
            return "xã"
        return "phường, xã"

    @property
    def local_count(self) -> str:
        """Return "30 phường, xã", or "các phường, xã" when none is known."""
        return f"{len(self.local)} {self.local_words}" if self.local else f"các {self.local_words}"

    @property
    def local_scope(self) -> str:
        return f"UBND {self.local_count}"

    @property
    def report_to(self) -> str:
        return self.nv.name if self.nv else self.body

    @property
    def recipients(self) -> tuple[str, ...]:
        short = LEVEL_ABBREVIATIONS.get(self.level, self.level)
        return (f"Chủ tịch, các PCT UBND {short}", "Chánh, các Phó Văn phòng")


def _department(units: Sequence[UnitInfo], code: str, name: str) -> UnitInfo | None:
    for unit in units:
        if unit.code == code:
            return unit
    for unit in units:
        if unit.kind == "department" and name in _folded(unit.name):
            return unit
    return None


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def short_name(name: str) -> str:
    """Return "An Bình" for "UBND phường An Bình": the name a letter's lists print."""
    for prefix in SHORT_PREFIXES:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def letter_place(unit: UnitInfo) -> tuple:
    """Return the sort key of a unit in the lists a letter prints: departments and agencies
    first, then wards and communes, each in Vietnamese order of the name the letter prints."""
    return (unit.kind in LOCAL_KINDS, vietnamese_key(short_name(unit.name)), unit.code)


def in_letter_order(findings: Iterable[Finding], units: Iterable[UnitInfo]) -> list[Finding]:
    """Return the findings by rule, in the rules' fixed order, each rule's units in the order
    letters list them (letter_place())."""
    places = {unit.code: letter_place(unit) for unit in units}
    order = list(Rule)
    return sorted(
        findings,
        key=lambda f: (
            order.index(f.rule),
            places.get(f.unit_code, (True, vietnamese_key(f.unit_code), f.unit_code)),
        ),
    )


def names_of(codes: Sequence[str], units: Units) -> str:
    """Return "Tam Phước, Tân Tiến" for the units' codes."""
    return ", ".join(units.short(code) for code in codes)


def short_phrase(rule: Rule, threshold: float) -> str:
    """Return the failing of a rule in a few words, as a reminder lists it."""
    return {
        Rule.RATE_BELOW_THRESHOLD: "tỷ lệ giải quyết hồ sơ đúng hạn dưới "
        f"{threshold_text(threshold)}%",
        Rule.CLOSED_LATE_IN_SOFTWARE: "quên bấm kết thúc hồ sơ trên phần mềm",
        Rule.COMPLAINTS: "có công chức bị phản ánh, kiến nghị",
        Rule.PENDING_OVERDUE: "còn hồ sơ quá hạn chưa giải quyết",
        Rule.DELAYED_OTHERS: "làm chậm hồ sơ liên thông của đơn vị khác",
    }[rule]


def group_findings(findings: Sequence[Finding]) -> dict[Rule, list[Finding]]:
    """Return the findings per rule, rules in their fixed order, units in the given order."""
    groups: dict[Rule, list[Finding]] = {}
    for rule in Rule:
        members = [f for f in findings if f.rule == rule]
        if members:
            groups[rule] = members
    return groups


def rule_groups(findings: Sequence[Finding]) -> list[tuple[Rule, float, list[str]]]:
    """Return (rule, threshold, unit codes) per rule with findings, rules in their fixed order."""
    return [
        (rule, members[0].threshold, [f.unit_code for f in members])
        for rule, members in group_findings(findings).items()
    ]
