"""A small city to draft letters in: two departments, five wards, three months of figures."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.auth.models import User
from webapp.auth.operations import create_user
from webapp.extensions import db
from webapp.signers.models import IssuingBody, Signer
from webapp.stats.models import FiguresSource, UnitPeriodFigures
from webapp.units.models import Unit, UnitKind

PASSWORD = "mat-khau-thu-nghiem"
UNITS = (
    ("NV", "Phòng Nội vụ thành phố", "department"),
    ("VHTT", "Phòng Văn hóa và Thông tin thành phố", "department"),
    ("ANBINH", "UBND phường An Bình", "ward"),
    ("BUUHOA", "UBND phường Bửu Hòa", "ward"),
    ("TAMPHUOC", "UBND phường Tam Phước", "ward"),
    ("TANTIEN", "UBND phường Tân Tiến", "ward"),
    ("HIEPHOA", "UBND xã Hiệp Hòa", "commune"),
)
LOCAL = ("ANBINH", "BUUHOA", "TAMPHUOC", "TANTIEN", "HIEPHOA")
# unit, period, received, on time, late, pending on time, pending overdue, closed late, complaints
FIGURES = (
    ("TAMPHUOC", "2023-11", 50, 45, 5, 0, 0, 0, 0),
    ("TAMPHUOC", "2023-12", 50, 46, 4, 0, 0, 0, 0),
    ("TAMPHUOC", "2024-01", 60, 55, 5, 0, 0, 0, 0),
    ("BUUHOA", "2023-11", 40, 40, 0, 0, 0, 0, 0),
    ("BUUHOA", "2024-01", 40, 38, 2, 0, 0, 0, 0),
    ("ANBINH", "2023-11", 100, 100, 0, 0, 0, 0, 0),
    ("ANBINH", "2024-01", 100, 98, 2, 0, 0, 2, 1),
    ("TANTIEN", "2024-01", 30, 30, 0, 0, 0, 0, 0),
    ("HIEPHOA", "2024-01", 10, 10, 0, 0, 0, 0, 0),
    ("NV", "2024-01", 12, 12, 0, 0, 0, 0, 0),
)
# January 2024: under 97 % Tam Phước (third month) and Bửu Hòa; An Bình forgot to finish and
# was complained about.
JANUARY = {
    "rate_below_threshold": {"TAMPHUOC", "BUUHOA"},
    "closed_late_in_software": {"ANBINH"},
    "complaints": {"ANBINH"},
}


@dataclass
class City:
    body: IssuingBody
    units: dict[str, Unit]
    office: User
    admin: User
    chairman: User
    deputy: User
    unsigned_leader: User
    anbinh: User
    tantien: User

    def signer_of(self, user: User) -> Signer:
        return user.signer


def _user(username: str, role: str, unit_code: str | None = None) -> User:
    return create_user(
        None,
        username=username,
        display_name=f"Người dùng {username}",
        role=role,
        password=PASSWORD,
        unit_code=unit_code,
    )


def build_city() -> City:
    """Create the small city in the test's transaction and return its parts."""
    body = IssuingBody(
        name="ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA", place="Biên Hòa", symbol="UBND-VP"
    )
    db.session.add(body)
    units = {}
    for code, name, kind in UNITS:
        units[code] = Unit(code=code, name=name, kind=UnitKind(kind))
        db.session.add(units[code])
    db.session.flush()
    for code, period, *values in FIGURES:
        db.session.add(
            UnitPeriodFigures(
                unit_id=units[code].id,
                period=period,
                received=values[0],
                resolved_on_time=values[1],
                resolved_late=values[2],
                pending_on_time=values[3],
                pending_overdue=values[4],
                closed_late_in_software=values[5],
                complaints=values[6],
                source=FiguresSource.REPORT,
            )
        )
    chairman = _user("chutich", "leader")
    deputy = _user("phochutich", "leader")
    db.session.flush()
    db.session.add_all(
        [
            Signer(issuing_body=body, user=chairman, full_name="Trần Minh Khôi", title="CHỦ TỊCH"),
            Signer(
                issuing_body=body,
                user=deputy,
                full_name="Lê Thị Thanh Hương",
                title="PHÓ CHỦ TỊCH",
                authority="KT. CHỦ TỊCH",
            ),
        ]
    )
    city = City(
        body=body,
        units=units,
        office=_user("vanphong", "office"),
        admin=_user("quantri", "admin"),
        chairman=chairman,
        deputy=deputy,
        unsigned_leader=_user("lanhdao-khac", "leader"),
        anbinh=_user("anbinh", "unit", "ANBINH"),
        tantien=_user("tantien", "unit", "TANTIEN"),
    )
    db.session.flush()
    return city


def lead_codes(directive) -> list[set[str]]:
    """Return the lead units' codes of each assignment, in order."""
    return [{unit.code for unit in item.lead_units} for item in directive.assignments]
