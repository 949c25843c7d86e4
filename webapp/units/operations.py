"""Create and change units."""

from __future__ import annotations

import unicodedata

from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.auth.models import User
from webapp.extensions import db
from webapp.units.models import CODE_MAX, NAME_MAX, Unit, UnitKind
from webapp.units.policies import may_manage_units
from workflows.errors import Conflict, InvalidInput, PermissionDenied


def _clean(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def create_unit(
    actor: User | None, *, code: str, name: str, kind: str, parent_code: str | None = None
) -> Unit:
    """Create a unit; the code must be new."""
    _require_admin(actor)
    code = _clean(code)
    if db.session.scalar(select(Unit.id).where(Unit.code == code)):
        raise Conflict(f"Mã đơn vị “{code}” đã tồn tại.")
    unit = Unit(code=code)
    _apply(unit, name=name, kind=kind, parent_code=parent_code)
    db.session.add(unit)
    db.session.flush()
    record_event(actor, "unit", unit.code, "create", after=unit.as_audit())
    return unit


def update_unit(
    actor: User, unit: Unit, *, name: str, kind: str, parent_code: str | None = None
) -> Unit:
    """Rename, reclassify or re-parent a unit; its code stays."""
    _require_admin(actor)
    before = unit.as_audit()
    _apply(unit, name=name, kind=kind, parent_code=parent_code)
    record_event(actor, "unit", unit.code, "update", before=before, after=unit.as_audit())
    return unit


def _require_admin(actor: User | None) -> None:
    if actor is not None and not may_manage_units(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý đơn vị.")


def _apply(unit: Unit, *, name: str, kind: str, parent_code: str | None) -> None:
    problems = []
    name = _clean(name)
    if not unit.code or len(unit.code) > CODE_MAX:
        problems.append(
            {"field": "code", "message": f"Mã đơn vị phải có từ 1 đến {CODE_MAX} ký tự."}
        )
    if not name or len(name) > NAME_MAX:
        problems.append(
            {"field": "name", "message": f"Tên đơn vị phải có từ 1 đến {NAME_MAX} ký tự."}
        )
    try:
        unit_kind = UnitKind(kind)
    except ValueError:
        problems.append({"field": "kind", "message": f"Loại đơn vị không hợp lệ: {kind!r}."})
        unit_kind = None
    parent = None
    if parent_code:
        parent = db.session.scalar(select(Unit).where(Unit.code == parent_code))
        if parent is None:
            problems.append(
                {"field": "parent_code", "message": f"Không có đơn vị mã {parent_code!r}."}
            )
        elif _would_cycle(unit, parent):
            problems.append(
                {
                    "field": "parent_code",
                    "message": "Một đơn vị không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó.",
                }
            )
    if problems:
        raise InvalidInput("Thông tin đơn vị chưa hợp lệ.", problems)
    unit.name = name
    unit.kind = unit_kind
    unit.parent = parent


def _would_cycle(unit: Unit, parent: Unit) -> bool:
    node = parent
    while node is not None:
        if node is unit:
            return True
        node = node.parent
    return False
