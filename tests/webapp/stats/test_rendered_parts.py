"""The dashboard's figures, kept rendered in the process: until an import or a unit change, per scope."""

from __future__ import annotations

import csv
import re

import pytest
from markupsafe import escape
from sqlalchemy import select, update

from tests.conftest import AuthActions, app_settings
from tests.import_headers import UNIT_STATS_HEADER
from webapp import create_app
from webapp.auth.models import User
from webapp.extensions import db
from webapp.imports.operations import import_file
from webapp.stats.models import UnitPeriodFigures
from webapp.stats.rendered import (
    PART_SLOT,
    RenderedParts,
    page_around,
    rendered,
    rendered_parts,
)
from webapp.units.operations import update_unit

# An Bình is under 97 % and forgot to finish; Tam Phước has pending overdue dossiers.
JANUARY = (
    ("QLDT", "2024-01", 40, 40, 0, 0, 0, 0, 0),
    ("ANBINH", "2024-01", 100, 90, 10, 0, 0, 2, 0),
    ("TAMPHUOC", "2024-01", 60, 60, 0, 0, 3, 0, 0),
)


def import_stats(folder, rows, name="so-lieu.csv"):
    path = folder / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([UNIT_STATS_HEADER, *rows])
    import_file(None, "unit_stats", path, path.name)
    db.session.commit()


@pytest.fixture
def city(make_unit, make_user, tmp_path):
    units = {
        "QLDT": make_unit("QLDT", "Phòng Quản lý đô thị thành phố", kind="department"),
        "ANBINH": make_unit("ANBINH", "UBND phường An Bình"),
        "TAMPHUOC": make_unit("TAMPHUOC", "UBND phường Tam Phước"),
    }
    make_user("office", username="vanphong")
    make_user("admin", username="quantri")
    make_user("unit", unit=units["ANBINH"], username="anbinh")
    make_user("unit", unit=units["TAMPHUOC"], username="tamphuoc")
    db.session.commit()
    import_stats(tmp_path, JANUARY)
    return units


@pytest.fixture
def browse(app):
    """browse(username) -> a client logged in as that user, each with its own cookies."""

    def log_in(username: str):
        client = app.test_client()
        assert AuthActions(client).login(username).status_code == 302
        return client

    return log_in


def rows_of(client, query: str = "period=2024-01") -> dict[str, list[str]]:
    """unit code -> the texts of its figure cells, in the table's order."""
    response = client.get(f"/stats?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return {
        code: [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for code, row in re.findall(r'<tr data-unit="(\w+)">(.*?)</tr>', html, re.S)
    }


def page(client, query: str = "period=2024-01") -> str:
    return client.get(f"/stats?{query}").get_data(as_text=True)


def test_the_figures_stay_as_rendered_until_the_next_import(city, browse, tmp_path):
    office = browse("vanphong")
    assert rows_of(office)["ANBINH"][1] == "100"

    # Written behind the importer's back: the kept page does not know of it.
    db.session.execute(
        update(UnitPeriodFigures)
        .where(UnitPeriodFigures.unit_id == city["ANBINH"].id)
        .values(received=555)
    )
    db.session.commit()
    assert rows_of(office)["ANBINH"][1] == "100"

    import_stats(tmp_path, [("ANBINH", "2024-01", 120, 120, 0, 0, 0, 0, 0)], "thang-1.csv")

    anbinh = rows_of(office)["ANBINH"]
    assert anbinh[1:5] == ["120", "120", "0", "100,00 %"]
    # An Bình's findings went with its old figures; Tam Phước still has overdue dossiers.
    assert re.findall(r'data-rule="(\w+)"', page(office)) == ["pending_overdue"]


def test_a_new_month_is_offered_and_shown_after_its_import(city, browse, tmp_path):
    office = browse("vanphong")
    assert "Kết quả giải quyết TTHC 01/2024" in page(office, "")

    import_stats(tmp_path, [("ANBINH", "2024-02", 80, 80, 0, 0, 0, 0, 0)], "thang-2.csv")

    html = page(office, "")
    assert "Kết quả giải quyết TTHC 02/2024" in html
    assert re.findall(r'<option value="(\d{4}-\d{2})"', html) == ["2024-02", "2024-01"]


def test_a_renamed_unit_shows_its_new_name_at_once(city, browse):
    office = browse("vanphong")
    assert "UBND phường Tam Phước" in page(office)
    admin = db.session.scalar(select(User).where(User.username == "quantri"))

    update_unit(admin, city["TAMPHUOC"], name="UBND phường Tam Phước Mới", kind="ward")
    db.session.commit()

    html = page(office)
    assert "UBND phường Tam Phước Mới" in html
    assert rows_of(office)["TAMPHUOC"][0].startswith("UBND phường Tam Phước Mới")


def test_each_unit_user_sees_only_its_own_unit_whoever_came_first(city, browse):
    anbinh, tamphuoc, office = browse("anbinh"), browse("tamphuoc"), browse("vanphong")

    assert list(rows_of(anbinh)) == ["ANBINH"]
    tamphuoc_page = page(tamphuoc)
    assert list(rows_of(tamphuoc)) == ["TAMPHUOC"]
    assert "An Bình" not in tamphuoc_page and "ANBINH" not in tamphuoc_page
    assert list(rows_of(office)) == ["QLDT", "ANBINH", "TAMPHUOC"]
    # After the office's page is kept, the units still get their own.
    anbinh_page = page(anbinh)
    assert list(rows_of(anbinh)) == ["ANBINH"]
    assert "Tam Phước" not in anbinh_page and "Quản lý đô thị" not in anbinh_page
    assert re.search(r'data-testid="city-trend".*?<p>(.*?)</p>', anbinh_page, re.S)[1].strip() == (
        "01/2024: 10 hồ sơ quá hạn"
    )


def test_each_filter_and_order_is_kept_apart(city, browse):
    office = browse("vanphong")

    assert list(rows_of(office)) == ["QLDT", "ANBINH", "TAMPHUOC"]
    assert list(rows_of(office, "period=2024-01&kind=department")) == ["QLDT"]
    assert list(rows_of(office, "period=2024-01&failing=1")) == ["ANBINH", "TAMPHUOC"]
    assert list(rows_of(office, "period=2024-01&sort=on_time_rate&dir=asc")) == [
        "ANBINH",
        "QLDT",
        "TAMPHUOC",
    ]
    assert list(rows_of(office, "period=2024-01&sort=on_time_rate&dir=desc")) == [
        "QLDT",
        "TAMPHUOC",
        "ANBINH",
    ]
    assert list(rows_of(office)) == ["QLDT", "ANBINH", "TAMPHUOC"]


def test_the_kept_part_carries_no_form_token_and_the_page_still_does(city, browse):
    office = browse("vanphong")
    first, second = page(office), page(office)

    tokens = re.findall(r'name="csrf_token" value="([^"]+)"', second)
    assert len(tokens) >= 2  # the draft and publish forms, rendered for this request
    figures = second[second.index('data-testid="findings"') :]
    assert "csrf_token" not in figures.split('data-testid="city-trend"')[0]
    assert first.count('data-unit="') == second.count('data-unit="') == 3


# --- the store itself ---------------------------------------------------------------------------


def test_the_store_forgets_the_least_recently_used_part_past_its_budget():
    parts = RenderedParts(max_bytes=2500)
    parts.put("v1", "a", b"a" * 1000, 1000)
    parts.put("v1", "b", b"b" * 1000, 1000)
    assert parts.get("v1", "a") == b"a" * 1000  # a is now the most recently used

    parts.put("v1", "c", b"c" * 1000, 1000)

    assert parts.get("v1", "b") is None
    assert parts.get("v1", "a") == b"a" * 1000
    assert parts.get("v1", "c") == b"c" * 1000


def test_the_store_drops_every_part_when_the_version_moves():
    parts = RenderedParts(max_bytes=1 << 20)
    parts.put("v1", "a", b"old a", 5)
    parts.put("v1", "b", b"old b", 5)

    assert parts.get("v2", "a") is None
    parts.put("v2", "a", b"new a", 5)

    assert parts.get("v2", "a") == b"new a"
    assert parts.get("v2", "b") is None
    assert parts.get("v1", "a") is None


def test_a_part_larger_than_the_budget_is_not_kept():
    parts = RenderedParts(max_bytes=500)
    parts.put("v1", "small", b"s" * 10, 10)

    parts.put("v1", "big", b"b" * 1000, 1000)

    assert parts.get("v1", "big") is None
    assert parts.get("v1", "small") == b"s" * 10


def test_the_part_goes_into_the_page_as_kept():
    page = f"<p>{escape('<!-- kept part -->')}</p><main>{PART_SLOT}</main><p>Hòa</p>"

    assert page_around(page, "<table>Bửu Hòa</table>".encode()) == (
        "<p>&lt;!-- kept part --&gt;</p><main><table>Bửu Hòa</table></main><p>Hòa</p>".encode()
    )


def test_without_a_budget_every_request_renders_afresh(database_url):
    app = create_app(app_settings(database_url, DASHBOARD_CACHE_MB=0))
    renders = []

    with app.test_request_context():
        assert rendered_parts(app) is None
        for _ in range(2):
            assert rendered(None, ("dashboard",), lambda: renders.append(1) or "bộ phận") == (
                "bộ phận".encode()
            )

    assert len(renders) == 2
