"""The admin's account list: search by name, user name, e-mail or unit without minding accents,
filters by role and state, pages of 50 with the total."""

from __future__ import annotations

import re

import pytest

from webapp.admin.queries import PAGE_SIZE, search_key
from webapp.extensions import db


def listed(html: str) -> list[str]:
    """The user names in the table, in order."""
    body = html.split('data-testid="users-table"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>\s*<td>([^<]+)</td>", body)


@pytest.fixture
def accounts(client, auth, make_unit, make_user):
    """An admin, two wards' staff and an office clerk with an e-mail; the admin logged in."""
    tantien = make_unit("TANTIEN", "UBND phường Tân Tiến", kind="ward")
    anbinh = make_unit("ANBINH", "UBND phường An Bình", kind="ward")
    make_user("admin", username="quantri", display_name="Quản trị")
    make_user("unit", tantien, username="tantien-1", display_name="Nguyễn Văn Đức")
    make_user("unit", tantien, username="tantien-2", display_name="Trần Thị Hoa", active=False)
    make_user("unit", anbinh, username="anbinh-1", display_name="Lê Văn Bình")
    clerk = make_user("office", username="vanphong", display_name="Phạm Thu Hằng")
    clerk.email = "thu.hang@bienhoa.gov.vn"
    db.session.commit()
    assert auth.login("quantri").status_code == 302


def test_search_key_drops_case_accents_and_the_stroke_of_d():
    assert search_key("UBND phường Tân Tiến") == "ubnd phuong tan tien"
    assert search_key("  Nguyễn   Văn ĐỨC ") == "nguyen van duc"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("tan tien", ["tantien-1", "tantien-2"]),  # the unit, without accents
        ("Tân Tiến", ["tantien-1", "tantien-2"]),
        ("duc", ["tantien-1"]),  # the name: đ is d
        ("anbinh", ["anbinh-1"]),  # the user name
        ("hang@bienhoa", ["vanphong"]),  # the e-mail
        ("van binh", ["anbinh-1"]),  # every word, anywhere
        ("không-có-ai", []),
    ],
)
def test_search_finds_by_name_user_name_email_or_unit(accounts, client, text, found):
    page = client.get("/admin/users", query_string={"q": text})

    assert page.status_code == 200
    assert sorted(listed(page.text)) == found
    assert f"{len(found)} tài khoản" in page.text
    if not found:
        assert "Không có tài khoản nào phù hợp." in page.text


def test_filters_by_role_and_state(accounts, client):
    units = client.get("/admin/users?role=unit")
    locked = client.get("/admin/users?state=locked")
    active_units = client.get("/admin/users?role=unit&state=active&q=tan")

    assert sorted(listed(units.text)) == ["anbinh-1", "tantien-1", "tantien-2"]
    assert listed(locked.text) == ["tantien-2"]
    assert listed(active_units.text) == ["tantien-1"]
    assert '<option value="unit" selected>Cán bộ đơn vị</option>' in units.text
    assert '<option value="locked" selected>Đã khóa</option>' in locked.text


def test_unknown_filter_values_narrow_nothing(accounts, client):
    page = client.get("/admin/users?role=root&state=gone&page=abc")

    assert page.status_code == 200
    assert len(listed(page.text)) == 5


def test_pages_hold_fifty_accounts_with_the_total_and_keep_the_search(accounts, client, make_user):
    for number in range(60):
        make_user("office", username=f"chuyenvien-{number:02d}", display_name="Chuyên viên")
    db.session.commit()

    first = client.get("/admin/users?q=chuyen+vien")
    second = client.get("/admin/users?q=chuyen+vien&page=2")

    assert len(listed(first.text)) == PAGE_SIZE
    assert len(listed(second.text)) == 60 - PAGE_SIZE
    assert "60 tài khoản, trang 1/2" in first.text
    assert set(listed(first.text)).isdisjoint(listed(second.text))
    assert 'href="/admin/users?page=2&amp;q=chuyen+vien" rel="next">Trang sau' in first.text
    assert 'href="/admin/users?page=1&amp;q=chuyen+vien" rel="prev">← Trang trước' in second.text


def test_locking_from_a_search_comes_back_to_the_same_search(accounts, client, auth):
    page = client.get("/admin/users?q=duc&role=unit")
    action = re.search(r'<form method="post" action="([^"]+/active[^"]*)"', page.text).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    response = client.post(action.replace("&amp;", "&"), data={"csrf_token": token, "active": "0"})

    assert response.status_code == 302
    assert response.location == "/admin/users?q=duc&role=unit"
    assert "Đã khóa tài khoản tantien-1." in client.get(response.location).text
