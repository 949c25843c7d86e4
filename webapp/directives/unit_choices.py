"""The units a letter's assignment may name, as the editor's checklist offers them: grouped by
kind (departments, wards, communes, agencies) and in Vietnamese alphabetical order in each group."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice

from webapp.units.models import Unit
from workflows.vocabulary import UnitKind

# The order of the checklist's groups.
KIND_ORDER = (UnitKind.DEPARTMENT, UnitKind.WARD, UnitKind.COMMUNE, UnitKind.AGENCY)

# Marks that make a letter of its own (ă â ê ô ơ ư), in the alphabet's order after the bare one.
LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}
# Tones, compared only when the letters are equal: ngang, huyền, sắc, hỏi, ngã, nặng.
TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def vietnamese_key(name: str) -> tuple:
    """A sort key in the Vietnamese alphabet (a ă â … d đ …), tones after letters."""
    letters: list[tuple[str, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", name.casefold()):
        if char in LETTER_MARKS and letters:
            letters[-1] = (letters[-1][0], LETTER_MARKS[char])
        elif char in TONE_MARKS:
            if tones:
                tones[-1] = TONE_MARKS[char]
        elif unicodedata.combining(char):
            continue
        elif char == "đ":
            letters.append(("d", 1))
            tones.append(0)
        else:
            letters.append((char, 0))
            tones.append(0)
    return (letters, tones, name)


def in_name_order(units: Iterable[Unit]) -> list[Unit]:
    """The units by name in Vietnamese alphabetical order."""
    return sorted(units, key=lambda unit: vietnamese_key(unit.name))


def unit_groups(units: Iterable[Unit]) -> list[tuple[UnitKind, list[Unit]]]:
    """The units by kind, in the checklist's order of kinds, leaving out kinds with no unit."""
    by_kind: dict[UnitKind, list[Unit]] = {kind: [] for kind in KIND_ORDER}
    for unit in units:
        by_kind.setdefault(unit.kind, []).append(unit)
    return [(kind, in_name_order(members)) for kind, members in by_kind.items() if members]


def unit_choices(units: Iterable[Unit]) -> list[SelectChoice]:
    """The choices of a unit field: each unit's code and full name, grouped by its kind's label."""
    return [
        SelectChoice(unit.code, unit.name, optgroup=kind.label)
        for kind, members in unit_groups(units)
        for unit in members
    ]
