"""The outgoing register (sổ văn bản đi): the page and its XLSX export, per role and year."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from tests import factories
from webapp.directives.models import Directive, DirectiveState, LetterKind
from webapp.directives.numbering import take_number
from webapp.directives.register.export import safe_text
from webapp.directives.register.queries import REGISTER_COLUMNS, current_year, register_rows
from workflows.errors import PermissionDenied

HEADINGS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
STAFF = ("office", "leader", "admin")
INJECTED = '=HYPERLINK("http://tan-cong.example/x","Bấm vào đây")'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def letter(body, signer, letter_date, **fields) -> Directive:
    directive = factories.letter(body, signer=signer, letter_date=letter_date, **fields)
    take_number(directive)
    return directive


@pytest.fixture
def world(app, make_unit, make_user):
    """Build a city with a signer, letters of 2023 and 2024, and a user of each role."""
    body = factories.issuing_body()
    signer = factories.signer(body, "Nguyễn Văn Hòa", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")
    old = letter(
        body, signer, date(2023, 12, 28), subject="đôn đốc cuối năm", kind=LetterKind.REMINDER
    )
    first = letter(
        body,
        signer,
        date(2024, 1, 24),
        addressees=["Phòng Tư pháp", "UBND phường An Bình", "UBND phường Tân Mai"],
        drafting_unit="THNC",
        # 18:30 UTC on the 24th is 01:30 on the 25th in Vietnam.
        issued_at=datetime(2024, 1, 24, 18, 30, tzinfo=UTC),
        state=DirectiveState.ISSUED,
    )
    second = letter(
        body,
        None,
        date(2024, 2, 5),
        kind=LetterKind.NOTICE,
        subject="V/v kết quả giải quyết TTHC tháng 01/2024",
        addressees=["Các phòng ban"],
        state=DirectiveState.WITHDRAWN,
    )
    unit = make_unit("ANBINH", "UBND phường An Bình")
    users = {role: make_user(role) for role in STAFF}
    users["unit"] = make_user("unit", unit=unit)
    return {"body": body, "signer": signer, "old": old, "first": first, "second": second, **users}


def cells(page_text: str) -> list[list[str]]:
    """Return the register table's body rows, as the text of their cells."""
    table = page_text.split('data-testid="register-table"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def headings(page_text: str) -> list[str]:
    head = page_text.split('data-testid="register-table"', 1)[1].split("</thead>", 1)[0]
    return [html.unescape(h) for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", head)]


def workbook(response):
    return load_workbook(io.BytesIO(response.data)).active


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_the_register_with_the_ten_columns(client, auth, world, role):
    auth.login(world[role].username)

    page = client.get("/register?year=2024")

    assert page.status_code == 200
    assert "Sổ đăng ký văn bản đi năm 2024" in page.text
    assert headings(page.text) == HEADINGS
    assert cells(page.text) == [
        [
            "01/UBND-VP",
            "24/01/2024",
            "Công văn chấn chỉnh V/v chấn chỉnh công tác giải quyết TTHC",
            "Nguyễn Văn Hòa",
            "Phòng Tư pháp; UBND phường An Bình; UBND phường Tân Mai",
            "VT, THNC",
            "5",
            "25/01/2024",
            "",
            "Chưa ký số",
        ],
        [
            "02/UBND-VP",
            "05/02/2024",
            "Thông báo kết quả giải quyết TTHC V/v kết quả giải quyết TTHC tháng 01/2024",
            "",
            "Các phòng ban",
            "VT, VP",
            "3",
            "",
            "",
            "Chưa ký số; Đã thu hồi",
        ],
    ]
    assert 'href="/register.xlsx?year=2024"' in page.text
    assert ">Sổ văn bản đi</a>" in page.text


@pytest.mark.parametrize("role", STAFF)
def test_staff_download_the_register_as_xlsx(client, auth, world, role):
    auth.login(world[role].username)

    response = client.get("/register.xlsx?year=2024")

    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert 'filename="so-van-ban-di-2024.xlsx"' in response.headers["Content-Disposition"]
    sheet = workbook(response)
    assert sheet.title == "Sổ văn bản đi 2024"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADINGS
    assert rows[1] == [
        "01/UBND-VP",
        "24/01/2024",
        "Công văn chấn chỉnh V/v chấn chỉnh công tác giải quyết TTHC",
        "Nguyễn Văn Hòa",
        "Phòng Tư pháp; UBND phường An Bình; UBND phường Tân Mai",
        "VT, THNC",
        5,
        "25/01/2024",
        None,
        "Chưa ký số",
    ]
    assert rows[2][0] == "02/UBND-VP"
    assert rows[2][9] == "Chưa ký số; Đã thu hồi"
    assert len(rows) == 3
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet["A2"].data_type == "s" and sheet["A2"].number_format == "@"
    assert sheet.column_dimensions["C"].width >= 40
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("path", ["/register", "/register.xlsx", "/register.xlsx?year=2024"])
def test_a_unit_account_is_refused(client, auth, world, path):
    auth.login(world["unit"].username)

    response = client.get(path)

    assert response.status_code == 403
    assert "01/UBND-VP" not in response.get_data(as_text=True)


def test_a_unit_account_has_no_menu_entry(client, auth, world):
    auth.login(world["unit"].username)

    assert "Sổ văn bản đi" not in client.get("/").text


@pytest.mark.parametrize("path", ["/register", "/register.xlsx?year=2024"])
def test_anonymous_is_sent_to_login(client, world, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_register_rows_refuse_a_unit_account(world):
    with pytest.raises(PermissionDenied):
        register_rows(world["unit"], 2024)


def test_the_year_filter_shows_only_that_year(client, auth, world):
    auth.login(world["office"].username)

    page = client.get("/register?year=2023")
    sheet = workbook(client.get("/register.xlsx?year=2023"))

    assert [row[:3] for row in cells(page.text)] == [
        ["01/UBND-VP", "28/12/2023", "Công văn đôn đốc V/v đôn đốc cuối năm"]
    ]
    assert '<option value="2023" selected>' in page.text
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["01/UBND-VP"]


@pytest.mark.parametrize("query", ["", "?year=abc", "?year=1850"])
def test_no_or_a_bad_year_shows_this_year(client, auth, world, query):
    auth.login(world["leader"].username)

    page = client.get(f"/register{query}")

    assert page.status_code == 200
    year = current_year()
    assert f"Sổ đăng ký văn bản đi năm {year}" in page.text
    if year not in (2023, 2024):
        assert f"Chưa có văn bản nào được vào sổ năm {year}." in page.text
    assert '<option value="2024">' in page.text


def test_each_issuing_body_can_be_shown_alone(client, auth, world):
    office_body = factories.issuing_body("VP", name="VĂN PHÒNG HĐND VÀ UBND")
    letter(office_body, None, date(2024, 3, 1), subject="lịch tiếp công dân")
    auth.login(world["office"].username)

    everything = cells(client.get("/register?year=2024").text)
    alone = cells(client.get(f"/register?year=2024&body={office_body.id}").text)
    exported = workbook(client.get(f"/register.xlsx?year=2024&body={office_body.id}"))

    # The bodies in Vietnamese order: "ỦY BAN NHÂN DÂN …" (U) before "VĂN PHÒNG …" (V).
    assert [row[0] for row in everything] == ["01/UBND-VP", "02/UBND-VP", "01/VP"]
    assert [row[0] for row in alone] == ["01/VP"]
    assert [r[0] for r in exported.iter_rows(min_row=2, values_only=True)] == ["01/VP"]


def test_formulas_in_the_export_are_neutralised(client, auth, world):
    rogue = factories.signer(world["body"], "@SUM(A1:A9)", "CHỦ TỊCH")
    letter(
        world["body"],
        rogue,
        date(2024, 4, 1),
        subject=INJECTED,
        addressees=[INJECTED, "+84 912 345 678"],
        drafting_unit="-VP",
    )
    auth.login(world["office"].username)

    response = client.get("/register.xlsx?year=2024")

    sheet = workbook(response)
    row = [cell for cell in sheet[4]]
    assert row[0].value == "03/UBND-VP"
    assert row[2].value == f"Công văn chấn chỉnh V/v {INJECTED}"
    assert row[3].value == "'@SUM(A1:A9)"
    assert row[4].value == f"'{INJECTED}; +84 912 345 678"
    assert row[5].value == "VT, -VP"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    shown = cells(client.get("/register?year=2024").text)[2]
    assert shown[2] == f"Công văn chấn chỉnh V/v {INJECTED}"
    assert shown[4] == f"{INJECTED}; +84 912 345 678"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("Phòng Tư pháp", "Phòng Tư pháp"),
        ("a\x00b\x07c", "abc"),
    ],
)
def test_safe_text(text, shown):
    assert safe_text(text) == shown


def test_columns_follow_phu_luc_iv():
    assert [heading for _key, heading in REGISTER_COLUMNS] == HEADINGS
