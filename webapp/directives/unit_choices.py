"""The units a letter's assignment may name, as the editor's checklist offers them: grouped by
kind (departments, wards, communes, agencies) and in Vietnamese alphabetical order in each group."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice

from webapp.units.models import Unit
from workflows.vietnamese_order import vietnamese_sorted
from workflows.vocabulary import UnitKind

# The order of the checklist's groups.
KIND_ORDER = (UnitKind.DEPARTMENT, UnitKind.WARD, UnitKind.COMMUNE, UnitKind.AGENCY)


def in_name_order(units: Iterable[Unit]) -> list[Unit]:
    """The units by name in Vietnamese alphabetical order."""
    return vietnamese_sorted(units, key=lambda unit: unit.name)


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
