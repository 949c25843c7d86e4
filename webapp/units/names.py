"""The units as reports name them: every unit with its name and kind, and the names reports
gave them that were stored (workflows.unit_names matches them)."""

from __future__ import annotations

from sqlalchemy import select

from webapp.extensions import db
from webapp.units.models import Unit, UnitAlias
from workflows.unit_names import NamedUnit, UnitNames


def unit_names() -> UnitNames:
    """Every unit, to be found by code or name, with the names remembered for them."""
    rows = db.session.execute(select(Unit.id, Unit.code, Unit.name, Unit.kind)).all()
    units = [NamedUnit(id, code, name, kind.value) for id, code, name, kind in rows]
    aliases = dict(db.session.execute(select(UnitAlias.key, UnitAlias.unit_id)).all())
    return UnitNames(units, aliases)


def remember_aliases(aliases: dict[str, int]) -> None:
    """Keep the names an import matched units by (the latest match of a name wins)."""
    if not aliases:
        return
    kept = {
        alias.key: alias
        for alias in db.session.scalars(select(UnitAlias).where(UnitAlias.key.in_(list(aliases))))
    }
    for key, unit_id in aliases.items():
        if key in kept:
            kept[key].unit_id = unit_id
        else:
            db.session.add(UnitAlias(key=key, unit_id=unit_id))
    db.session.flush()
