"""The shared words of the domain, each defined once with its Vietnamese label: letter kinds,
roles and unit kinds."""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    """A text value with the Vietnamese label people read: members are ("value", "label")."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class LetterKind(LabelledEnum):
    DIRECTIVE = ("directive", "Công văn chấn chỉnh")
    NOTICE = ("notice", "Thông báo kết quả giải quyết TTHC")
    REMINDER = ("reminder", "Công văn đôn đốc")
    CRITICISM = ("criticism", "Công văn phê bình")
    APOLOGY = ("apology", "Văn bản xin lỗi")  # a unit's letter of apology to a citizen


class Role(LabelledEnum):
    OFFICE = ("office", "Chuyên viên Văn phòng")
    LEADER = ("leader", "Lãnh đạo")
    UNIT = ("unit", "Cán bộ đơn vị")
    ADMIN = ("admin", "Quản trị hệ thống")


class UnitKind(LabelledEnum):
    DEPARTMENT = ("department", "Phòng ban chuyên môn")
    WARD = ("ward", "Phường")
    COMMUNE = ("commune", "Xã")
    AGENCY = ("agency", "Cơ quan ngành dọc")


def labels(kind: type[LabelledEnum]) -> dict:
    """Return each member of a vocabulary with its label."""
    return {member: member.label for member in kind}
