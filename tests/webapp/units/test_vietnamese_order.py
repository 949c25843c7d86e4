"""Names in Vietnamese order on SQLite and PostgreSQL alike: the database's order, the units
page, a select and the tracking board's export."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import PASSWORD
from webapp.database import by_vietnamese
from webapp.extensions import db
from webapp.units.models import Unit
from workflows.vietnamese_order import vietnamese_sorted

# Byte order gives "Dĩ An, Trung Dũng, Trảng Dài, Tân Biên, Tân Hòa, Tân Hạnh, Ô Chợ Dừa, …".
IN_ORDER = [
    "Dĩ An",
    "Đông Hòa",
    "Ô Chợ Dừa",
    "Ông Ích Khiêm",
    "Tân Biên",
    "Tân Hạnh",
    "Tân Hòa",
    "Trảng Dài",
    "Trung Dũng",
]

# More names, with tones, case and a decomposed spelling, for the database's own order.
TRICKY = [
    *IN_ORDER,
    "An Bình",
    "Ân Thi",
    "Ấp Bắc",
    "Bửu Hòa",
    "Bửu Long",
    "dạ",
    "Da",
    "đa",
    "Đa Kao",
    "Ơ Điện",
    "Ô Môn",
    "Ứng Hòa",
    "Uy Nỗ",
    "Tam Phước",
    "Tân Tiến",
    "Phường 10",
    "Phường 2",
    "Phòng Tài chính – Kế hoạch",
    "Phòng Tài chính - Kế hoạch",
    unicodedata.normalize("NFD", "Tân Hạnh (cũ)"),
    "Tân Hạnh (cũ)",
]


def test_byte_order_gets_the_names_wrong():
    assert sorted(IN_ORDER) != IN_ORDER


def test_the_database_orders_names_as_the_sort_key_does(make_unit):
    for number, name in enumerate(TRICKY):
        make_unit(f"U{number:02d}", name, kind="ward")
    db.session.commit()

    ordered = db.session.scalars(select(Unit.name).order_by(by_vietnamese(Unit.name), Unit.id))

    assert list(ordered) == vietnamese_sorted(TRICKY)
    assert vietnamese_sorted(IN_ORDER[::-1]) == IN_ORDER


@pytest.fixture
def wards(make_unit, make_user):
    """The names as wards, their codes in the reverse of their order; an office account."""
    for number, name in enumerate(reversed(IN_ORDER)):
        make_unit(f"P{number:02d}", f"UBND phường {name}", kind="ward")
    make_user("office", username="vanphong-thu")
    db.session.commit()


def listed(text: str, names: list[str]) -> list[str]:
    """The names in the order the text shows them."""
    return sorted(names, key=text.index)


def test_the_units_page_lists_units_in_vietnamese_order(client, auth, wards):
    auth.login("vanphong-thu", PASSWORD)

    page = client.get("/units").get_data(as_text=True)

    names = [f"UBND phường {name}" for name in IN_ORDER]
    assert listed(page, names) == names


def test_the_tracking_boards_unit_choice_is_in_vietnamese_order(client, auth, wards):
    auth.login("vanphong-thu", PASSWORD)

    page = client.get("/tracking").get_data(as_text=True)

    choice = re.search(r'<select id="unit" name="unit">(.*?)</select>', page, re.S)[1]
    assert re.findall(r">UBND phường ([^<]+)</option>", choice) == IN_ORDER


def test_the_tracking_export_lists_the_units_of_a_deadline_in_vietnamese_order(
    client, auth, issued
):
    units = sorted({task.unit for task in issued.tasks}, key=lambda unit: unit.code)
    for unit, name in zip(units, reversed(IN_ORDER), strict=False):
        unit.name = name
    for task in issued.tasks:
        task.deadline = date(2024, 3, 15)
    db.session.commit()
    auth.login("vanphong", PASSWORD)

    sheet = load_workbook(io.BytesIO(client.get("/tracking.xlsx").data)).active
    rows = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]

    shown = [name for index, name in enumerate(rows) if index == 0 or rows[index - 1] != name]
    assert len(shown) == len(units) > 3
    assert shown == vietnamese_sorted(unit.name for unit in units)
    assert shown != sorted(shown)
