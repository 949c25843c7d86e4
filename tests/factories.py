"""Test data, built one way.

Every test that needs rows in the database builds them here: units, users, API tokens, issuing
bodies and their signers, a unit's figures for a month, letters, and two named scenes that many
tests share: the small city (`small_city`) and its January letter issued to its units
(`issue_january`). Each builder adds its row to the test's session and flushes it, so its id is
known; the test commits when it wants a rollback to stop there.

Fixtures in `tests/conftest.py` (`make_unit`, `make_user`, `api_token`) hand these builders to the
tests that prefer fixtures.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from webapp.auth.models import User
from webapp.auth.operations import create_user, issue_api_token
from webapp.directives.models import Directive, DirectiveState, LetterKind
from webapp.directives.operations import approve_directive, draft_directive, submit_directive
from webapp.extensions import db
from webapp.signers.models import IssuingBody, Signer
from webapp.stats.models import FiguresSource, UnitPeriodFigures
from webapp.tasks.issuing import issue_directive
from webapp.tasks.models import UnitTask
from webapp.units.models import Unit, UnitKind

PASSWORD = "mat-khau-thu-nghiem"
CITY_NAME = "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA"
# A PDF small enough to read: what a unit attaches as evidence in most tests.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# ---------------------------------------------------------------- single rows


def unit(
    code: str, name: str | None = None, kind: str = "ward", parent: Unit | None = None
) -> Unit:
    """A unit: unit("ANBINH", "UBND phường An Bình"), unit("NV", kind="department")."""
    row = Unit(code=code, name=name or f"Đơn vị {code}", kind=UnitKind(kind), parent=parent)
    db.session.add(row)
    db.session.flush()
    return row


def user(
    role: str,
    unit: Unit | None = None,
    username: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
    display_name: str | None = None,
) -> User:
    """An account: user("office"), user("unit", unit=ward, username="anbinh")."""
    name = username or f"{role}-{secrets.token_hex(3)}"
    account = create_user(
        None,
        username=name,
        display_name=display_name or f"Người dùng {name}",
        role=role,
        password=password,
        unit_code=unit.code if unit else None,
    )
    account.active = active
    db.session.flush()
    return account


def bearer(account: User) -> dict[str, str]:
    """The Authorization header of a new API token of the account."""
    token = issue_api_token(None, account)
    db.session.flush()
    return {"Authorization": f"Bearer {token}"}


def issuing_body(
    symbol: str = "UBND-VP", name: str = CITY_NAME, place: str = "Biên Hòa"
) -> IssuingBody:
    """The body letters are issued in the name of, with its register symbol."""
    body = IssuingBody(name=name, place=place, symbol=symbol)
    db.session.add(body)
    db.session.flush()
    return body


def signer(
    body: IssuingBody,
    full_name: str = "Trần Minh Khôi",
    title: str = "CHỦ TỊCH",
    authority: str | None = None,
    account: User | None = None,
) -> Signer:
    """A person who signs for the body; `account` is the leader's login, when there is one."""
    row = Signer(
        issuing_body=body, user=account, full_name=full_name, title=title, authority=authority
    )
    db.session.add(row)
    db.session.flush()
    return row


def month_figures(
    unit: Unit,
    period: str = "2024-01",
    *,
    received: int | None = None,
    resolved_on_time: int = 100,
    resolved_late: int = 0,
    pending_on_time: int = 0,
    pending_overdue: int = 0,
    closed_late_in_software: int = 0,
    complaints: int = 0,
    late_caused_elsewhere: int = 0,
    source: FiguresSource = FiguresSource.REPORT,
) -> UnitPeriodFigures:
    """A unit's figures for a month, as if imported; `received` defaults to every dossier counted."""
    if received is None:
        received = resolved_on_time + resolved_late + pending_on_time + pending_overdue
    row = UnitPeriodFigures(
        unit_id=unit.id,
        period=period,
        received=received,
        resolved_on_time=resolved_on_time,
        resolved_late=resolved_late,
        pending_on_time=pending_on_time,
        pending_overdue=pending_overdue,
        closed_late_in_software=closed_late_in_software,
        complaints=complaints,
        late_caused_elsewhere=late_caused_elsewhere,
        source=source,
    )
    db.session.add(row)
    db.session.flush()
    return row


def letter(
    body: IssuingBody,
    *,
    kind: LetterKind = LetterKind.DIRECTIVE,
    state: DirectiveState = DirectiveState.DRAFT,
    subject: str = "chấn chỉnh công tác giải quyết TTHC",
    signer: Signer | None = None,
    letter_date: date | None = None,
    **fields,
) -> Directive:
    """A letter row as it is stored, without going through drafting (for pages that list letters)."""
    row = Directive(
        kind=kind,
        state=state,
        issuing_body_id=body.id,
        signer_id=signer.id if signer else None,
        subject=subject,
        letter_date=letter_date,
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


# ---------------------------------------------------------------- the small city

CITY_UNITS = (
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
CITY_FIGURES = (
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
FIGURE_FIELDS = (
    "received",
    "resolved_on_time",
    "resolved_late",
    "pending_on_time",
    "pending_overdue",
    "closed_late_in_software",
    "complaints",
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
    """Two departments, five wards and communes, three months of figures, a user of each role."""

    body: IssuingBody
    units: dict[str, Unit]
    office: User
    admin: User
    chairman: User
    deputy: User
    unsigned_leader: User
    anbinh: User
    tantien: User

    def signer_of(self, account: User) -> Signer:
        return account.signer

    def add_month(self, code: str, period: str, **values) -> UnitPeriodFigures:
        """Store one unit's reported figures for a month: 50 dossiers on time unless told."""
        return month_figures(
            self.units[code], period, **{"received": 50, "resolved_on_time": 50, **values}
        )


def small_city() -> City:
    """Create the small city in the test's transaction and return its parts."""
    body = issuing_body()
    units = {code: unit(code, name, kind) for code, name, kind in CITY_UNITS}
    for code, period, *values in CITY_FIGURES:
        month_figures(units[code], period, **dict(zip(FIGURE_FIELDS, values, strict=True)))
    chairman = user("leader", username="chutich")
    deputy = user("leader", username="phochutich")
    signer(body, "Trần Minh Khôi", "CHỦ TỊCH", account=chairman)
    signer(body, "Lê Thị Thanh Hương", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", account=deputy)
    return City(
        body=body,
        units=units,
        office=user("office", username="vanphong"),
        admin=user("admin", username="quantri"),
        chairman=chairman,
        deputy=deputy,
        unsigned_leader=user("leader", username="lanhdao-khac"),
        anbinh=user("unit", units["ANBINH"], username="anbinh"),
        tantien=user("unit", units["TANTIEN"], username="tantien"),
    )


def lead_codes(directive: Directive) -> list[set[str]]:
    """The lead units' codes of each assignment of a letter, in order."""
    return [{item.code for item in assignment.lead_units} for assignment in directive.assignments]


# ---------------------------------------------------------------- its January letter, issued


@dataclass
class Issued:
    """The small city's January letter, drafted, signed and issued: the units have their tasks."""

    city: City
    letter: Directive
    tasks: list[UnitTask]

    def task(self, unit_code: str, rule_position: int | None = None) -> UnitTask:
        """The lead task of a unit (for one assignment number, or its first)."""
        for task in self.tasks:
            position = task.assignment.position
            if (
                task.unit.code == unit_code
                and task.role.value == "lead"
                and rule_position in (None, position)
            ):
                return task
        raise LookupError(unit_code)


def issue_january(city: City) -> Issued:
    """Draft, submit, sign and issue the city's January letter; committed."""
    drafted = draft_directive(city.office, "2024-01")
    submit_directive(city.office, drafted)
    approve_directive(city.chairman, drafted)
    tasks = issue_directive(city.office, drafted)
    db.session.commit()
    return Issued(city, drafted, tasks)


def city_bearers(city: City) -> dict[str, dict]:
    """Authorization headers of new API tokens of the office, leader, admin and two unit users."""
    accounts = {
        "office": city.office,
        "leader": city.chairman,
        "admin": city.admin,
        "anbinh": city.anbinh,
        "tantien": city.tantien,
    }
    headers = {name: bearer(account) for name, account in accounts.items()}
    db.session.commit()
    return headers
