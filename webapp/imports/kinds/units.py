"""Check and store unit rows (few rows: plain ORM, parents resolved within the file too)."""

from __future__ import annotations

import re

from sqlalchemy import select

from webapp.extensions import db
from webapp.imports.columns import UNIT_KIND_WORDS
from webapp.imports.kinds import Problems, cell
from webapp.imports.reading import nfc
from webapp.units.models import CODE_MAX, NAME_MAX, Unit, UnitKind

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class UnitChecker:
    """Collect unit rows, checking codes, names, kinds and parents."""

    def __init__(
        self, positions: dict[str, int], known_codes: set[str], problems: Problems
    ) -> None:
        self.positions = positions
        self.known_codes = known_codes
        self.problems = problems
        self.rows: dict[str, tuple[str, str, str]] = {}
        self.lines: dict[str, int] = {}
        self.parents: list[tuple[int, str]] = []

    def check(self, number: int, cells: list[str]) -> None:
        at = self.positions
        add = self.problems.add
        before = self.problems.count
        code = cell(cells, at["code"])
        if not code or len(code) > CODE_MAX or not CODE_PATTERN.match(code):
            add(
                number,
                "code",
                code,
                f"mã đơn vị gồm 1 đến {CODE_MAX} chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới",
            )
        elif code in self.lines:
            add(number, "code", code, f"mã đơn vị trùng với dòng {self.lines[code]}")
        name = nfc(cell(cells, at["name"]))
        if not name or len(name) > NAME_MAX:
            add(number, "name", name, f"tên đơn vị phải có từ 1 đến {NAME_MAX} ký tự")
        kind_text = cell(cells, at["kind"])
        kind = UNIT_KIND_WORDS.get(nfc(kind_text).lower())
        if kind is None:
            add(
                number,
                "kind",
                kind_text,
                "loại đơn vị phải là department, ward, commune hoặc agency",
            )
        parent = cell(cells, at["parent_code"])
        if self.problems.count == before:
            self.lines[code] = number
            self.rows[code] = (name, kind, parent)
            if parent:
                self.parents.append((number, parent))

    def finish(self) -> dict[str, tuple[str, str, str]]:
        """Check parents once every row is known; return the rows by code."""
        for number, parent in self.parents:
            if parent not in self.rows and parent not in self.known_codes:
                self.problems.add(
                    number, "parent_code", parent, "không có đơn vị cấp trên mang mã này"
                )
        return self.rows


def store_units(rows: dict[str, tuple[str, str, str]]) -> tuple[int, int]:
    """Insert new units and update changed ones from (name, kind, parent code) by code.

    Return (added, updated).
    """
    existing = {unit.code: unit for unit in db.session.scalars(select(Unit))}
    created: set[str] = set()
    changed: set[str] = set()
    for code, (name, kind, _parent) in rows.items():
        unit = existing.get(code)
        if unit is None:
            unit = Unit(code=code, name=name, kind=UnitKind(kind))
            db.session.add(unit)
            existing[code] = unit
            created.add(code)
        elif unit.name != name or unit.kind != UnitKind(kind):
            unit.name, unit.kind = name, UnitKind(kind)
            changed.add(code)
    db.session.flush()
    for code, (_name, _kind, parent_code) in rows.items():
        unit = existing[code]
        parent = existing[parent_code] if parent_code else None
        if unit.parent_id != (parent.id if parent else None):
            unit.parent = parent
            if code not in created:
                changed.add(code)
    db.session.flush()
    return len(created), len(changed)
