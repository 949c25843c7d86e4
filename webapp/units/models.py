"""Units: the departments, wards, communes and agencies a directive can address."""

from __future__ import annotations

from sqlalchemy import Enum, ForeignKey, String, case
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import by_vietnamese
from webapp.extensions import db
from workflows.vocabulary import UnitKind, labels

UNIT_KIND_LABELS = labels(UnitKind)

CODE_MAX = 32
NAME_MAX = 200


class Unit(db.Model):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The code other systems use in their exports (e.g. the one-stop system's unit code).
    code: Mapped[str] = mapped_column(String(CODE_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    kind: Mapped[UnitKind] = mapped_column(
        Enum(
            UnitKind,
            native_enum=False,
            create_constraint=True,
            length=20,
            name="unit_kind",
            values_callable=lambda kinds: [k.value for k in kinds],
        )
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(
        back_populates="parent", order_by=lambda: by_vietnamese(Unit.name)
    )

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"

    def as_audit(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind.value,
            "parent_code": self.parent.code if self.parent else None,
        }


def by_kind_and_name() -> tuple:
    """Order units as people read them: by kind in the vocabulary's order (departments, wards,
    communes, agencies), each kind by name in Vietnamese order."""
    kind_order = case({kind: position for position, kind in enumerate(UnitKind)}, value=Unit.kind)
    return kind_order, by_vietnamese(Unit.name)


class UnitAlias(db.Model):
    """A name a report gave a unit, remembered once an import that used it was stored, so that
    next month's report finds the unit by it at once."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The name as workflows.unit_names.alias_key normalises it ("ward:tân tiến").
    key: Mapped[str] = mapped_column(String(NAME_MAX + 20), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
