"""Every accepted format uploaded through the API, the page and the command line, as offices
send them: XLSX named as Excel names it, XLSX under a name that says nothing (or shouts), CSV,
old Excel (XLS), an HTML table exported under an .xls name, and exports with a title, the
period and the unit above the header, or the table on a later sheet."""

from __future__ import annotations

import io
import re

import pytest
import xlwt
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.import_headers import DOSSIER_HEADER
from webapp.extensions import db
from webapp.stats.models import Dossier

ROWS = [
    ("HS-1", "ANBINH", "1.000001", "online", "02/01/2024 08:00", "10/01/2024 17:00", "", ""),
    ("HS-2", "ANBINH", "1.000001", "direct", "03/01/2024 08:00", "10/01/2024 17:00", "", ""),
]
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# What exports put above the header: the report's title, the period, the unit.
TITLE_ROWS = [
    ("BÁO CÁO DANH SÁCH HỒ SƠ TIẾP NHẬN",),
    ("Kỳ báo cáo: Tháng 01 năm 2024",),
    (),
    ("Đơn vị: UBND phường An Bình",),
]


def xlsx_bytes(title_rows=(), sheet_before: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if sheet_before:  # a cover sheet first, the table on the second
        sheet.title = "Bìa"
        sheet.append(["Sổ theo dõi hồ sơ một cửa"])
        sheet = workbook.create_sheet("Danh sách")
    for row in (*title_rows, DOSSIER_HEADER, *ROWS):
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xls_bytes(title_rows=()) -> bytes:
    """An Excel 97-2003 workbook, the title merged across the table as offices lay it out."""
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Hồ sơ")
    at = 0
    for row in title_rows:
        if row:
            sheet.write_merge(at, at, 0, len(DOSSIER_HEADER) - 1, row[0])
        at += 1
    for row in (DOSSIER_HEADER, *ROWS):
        for column, value in enumerate(row):
            sheet.write(at, column, value)
        at += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def html_bytes() -> bytes:
    """An HTML table under an .xls name, as one-stop systems export it: a title cell spanning
    the table, entities, a line break in a cell."""
    cells = lambda row, tag="td": "".join(f"<{tag}>{value}</{tag}>" for value in row)  # noqa: E731
    rows = [
        f'<tr><td colspan="{len(DOSSIER_HEADER)}"><b>DANH S&Aacute;CH HỒ SƠ</b><br>Tháng 01</td></tr>',
        f"<tr>{cells(DOSSIER_HEADER, 'th')}</tr>",
        *(f"<tr>{cells(row)}</tr>" for row in ROWS),
    ]
    page = (
        '<html><head><meta charset="utf-8"><style>td { mso-number-format: "@"; }</style></head>'
        f"<body><table border=1>{''.join(rows)}</table></body></html>"
    )
    return page.encode("utf-8")


def csv_bytes(title_rows=()) -> bytes:
    lines = [",".join(row) for row in (*title_rows, DOSSIER_HEADER, *ROWS)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# (file name, declared type, content): what a browser or a script sends.
UPLOADS = {
    "xlsx": ("ho-so-thang-01.xlsx", XLSX_MIMETYPE, xlsx_bytes),
    "xlsx-upper-case-name": ("HO SO THANG 01.XLSX", XLSX_MIMETYPE, xlsx_bytes),
    "xlsx-without-extension": ("Số liệu tháng 1", "application/octet-stream", xlsx_bytes),
    "xlsx-with-title-rows": ("bao-cao.xlsx", XLSX_MIMETYPE, lambda: xlsx_bytes(TITLE_ROWS)),
    "xlsx-table-on-second-sheet": (
        "so-theo-doi.xlsx",
        XLSX_MIMETYPE,
        lambda: xlsx_bytes(TITLE_ROWS, sheet_before=True),
    ),
    "csv": ("ho-so-thang-01.csv", "text/csv", csv_bytes),
    "csv-with-title-rows": ("xuat-mot-cua.csv", "text/csv", lambda: csv_bytes(TITLE_ROWS)),
    "xls": ("ho-so-thang-01.xls", "application/vnd.ms-excel", xls_bytes),
    "xls-with-title-rows": (
        "bao-cao.xls",
        "application/vnd.ms-excel",
        lambda: xls_bytes(TITLE_ROWS),
    ),
    "html-named-xls": ("xuat-mot-cua.xls", "application/vnd.ms-excel", html_bytes),
}


@pytest.fixture(autouse=True)
def uploads_in_tmp(app, tmp_path, monkeypatch):
    """Keep uploaded files out of the real instance folder."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))


@pytest.fixture
def office(make_unit, make_user):
    make_unit("ANBINH", "UBND phường An Bình")
    user = make_user("office", username="vanphong")
    db.session.commit()
    return user


def file_field(case: str) -> tuple:
    name, declared, content = UPLOADS[case]
    return (io.BytesIO(content()), name, declared)


def dossiers_stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Dossier))


@pytest.mark.parametrize("case", UPLOADS)
def test_the_api_imports_every_accepted_format(client, api_token, office, case):
    response = client.post(
        "/api/v1/imports",
        data={"kind": "dossiers", "file": file_field(case)},
        headers=api_token(office),
    )

    assert response.status_code == 201, response.json
    assert (response.json["rows_total"], response.json["rows_added"]) == (2, 2)
    assert response.json["file_name"] == UPLOADS[case][0]
    assert dossiers_stored() == 2


@pytest.mark.parametrize("case", UPLOADS)
def test_the_page_imports_every_accepted_format(client, auth, office, case):
    auth.login("vanphong")
    token = auth.csrf_token("/imports")

    response = client.post(
        "/imports",
        data={"kind": "dossiers", "csrf_token": token, "file": file_field(case)},
        follow_redirects=True,
    )

    assert response.status_code == 200, response.text
    summary = re.search(r'data-testid="import-summary">([^<]+)<', response.text)
    assert summary and "Đã nhập 2 dòng: thêm 2" in summary.group(1)
    assert dossiers_stored() == 2


def test_the_same_workbook_uploaded_twice_changes_nothing_the_second_time(
    client, api_token, office
):
    first = client.post(
        "/api/v1/imports",
        data={"kind": "dossiers", "file": file_field("xlsx")},
        headers=api_token(office),
    )
    again = client.post(
        "/api/v1/imports",
        data={"kind": "dossiers", "file": file_field("xlsx-without-extension")},
        headers=api_token(office),
    )

    assert first.status_code == again.status_code == 201
    assert (again.json["rows_added"], again.json["rows_updated"]) == (0, 0)
    assert dossiers_stored() == 2


@pytest.mark.parametrize("case", UPLOADS)
def test_the_command_line_imports_every_accepted_format(runner, tmp_path, office, case):
    path = tmp_path / "tep-tai-len"  # as an upload is stored: a name that says nothing
    path.write_bytes(UPLOADS[case][2]())

    result = runner.invoke(args=["import", str(path), "--kind", "dossiers"])

    assert result.exit_code == 0, result.output
    assert "2 dòng, thêm 2" in result.stdout
    assert dossiers_stored() == 2
