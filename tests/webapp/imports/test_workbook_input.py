"""Workbooks as they really arrive: a title above the header, the table on a later sheet, an
empty sheet, a password, Excel 2003's XML under an .xls name, an HTML page without a table.
What cannot be read is refused whole with the file, the sheet, the row and the reason."""

from __future__ import annotations

import io

import msoffcrypto.format.ooxml
import pytest
from openpyxl import Workbook
from sqlalchemy import select

from tests.import_headers import DOSSIER_HEADER
from tests.webapp.imports.test_bad_input import reject, stored_counts, to_cp1258, write_bytes
from tests.webapp.imports.test_spreadsheet_uploads import ROWS, TITLE_ROWS, xlsx_bytes
from webapp.extensions import db
from webapp.imports.operations import import_file
from webapp.units.models import Unit


@pytest.fixture
def ward(make_unit):
    unit = make_unit("ANBINH", "UBND phường An Bình")
    db.session.commit()
    return unit


def workbook(*sheets: tuple[str, list]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_header_under_title_rows_is_found_and_rows_keep_their_excel_numbers(tmp_path, ward):
    bad = list(ROWS[1])
    bad[4] = "30/02/2024 08:00"
    data = workbook(("Danh sách", [*TITLE_ROWS, DOSSIER_HEADER, ROWS[0], bad]))

    [problem] = reject("dossiers", write_bytes(tmp_path, data, "bao-cao.xlsx"))

    # Four title rows, the header on row 5: the bad dossier is on row 7, as Excel shows it.
    assert (problem["sheet"], problem["row"], problem["column"]) == ("Danh sách", 7, "received_at")


def test_a_misspelt_header_under_title_rows_is_reported_on_its_own_row(tmp_path, ward):
    header = ["Ngày hẹn trả kết quả" if name == "due_at" else name for name in DOSSIER_HEADER]
    data = workbook(("Hồ sơ", [*TITLE_ROWS, header, *ROWS]))

    [problem] = reject("dossiers", write_bytes(tmp_path, data, "bao-cao.xlsx"))

    assert (problem["sheet"], problem["row"], problem["column"]) == ("Hồ sơ", 5, "due_at")


def test_the_first_sheet_with_the_header_is_read(tmp_path, ward):
    data = xlsx_bytes(TITLE_ROWS, sheet_before=True)
    path = write_bytes(tmp_path, data, "so-theo-doi.xlsx")

    run = import_file(None, "dossiers", path, path.name)

    assert (run.rows_total, run.rows_added) == (2, 2)


def test_a_workbook_whose_sheets_are_empty_is_refused(tmp_path, ward):
    data = workbook(("Trang trống", []))

    [problem] = reject("dossiers", write_bytes(tmp_path, data, "trong.xlsx"))

    assert problem["message"] == "Trang tính “Trang trống” không có dòng nào có nội dung."


def test_a_password_protected_workbook_is_refused_with_what_to_do(tmp_path, ward):
    plain = io.BytesIO(xlsx_bytes())
    locked = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("mat-khau", locked)

    [problem] = reject("dossiers", write_bytes(tmp_path, locked.getvalue(), "khoa.xlsx"))

    assert problem["message"] == "Tệp Excel được đặt mật khẩu: hãy gỡ mật khẩu rồi gửi lại."


def test_excel_2003_xml_named_xls_is_refused_with_what_to_do(tmp_path, ward):
    data = (
        b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        b'<Worksheet ss:Name="Sheet1"><Table></Table></Worksheet></Workbook>'
    )

    [problem] = reject("dossiers", write_bytes(tmp_path, data, "xuat.xls"))

    assert "Excel 2003 (SpreadsheetML)" in problem["message"]
    assert "Excel Workbook (.xlsx)" in problem["message"]


def test_an_html_page_without_a_table_is_refused(tmp_path, ward):
    data = "<html><body><p>Phiên làm việc đã hết hạn.</p></body></html>".encode()

    [problem] = reject("dossiers", write_bytes(tmp_path, data, "xuat.xls"))

    assert problem["message"] == "Tệp là trang HTML nhưng không có bảng (thẻ <table>) nào để đọc."


def test_an_old_office_file_that_is_no_workbook_is_refused(tmp_path, ward):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024
    before = stored_counts()

    [problem] = reject("dossiers", write_bytes(tmp_path, data, "van-ban.xls"))

    assert "Excel" in problem["message"]
    assert stored_counts() == before


def test_an_html_table_saved_in_windows_1258_reads_its_vietnamese_right(tmp_path, make_unit):
    make_unit("TANTIEN", "UBND phường Tân Tiến")
    db.session.commit()
    rows = "".join(
        f"<tr>{''.join(f'<td>{cell}</td>' for cell in row)}</tr>"
        for row in (
            ("Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"),
            ("TANTIEN", "UBND phường Tân Tiến Mới", "phường", ""),
        )
    )
    page = f"<html><body><table><tr><td>DANH SÁCH ĐƠN VỊ</td></tr>{rows}</table></body></html>"
    path = write_bytes(tmp_path, to_cp1258(page), "don-vi.xls")

    run = import_file(None, "units", path, path.name)

    assert run.rows_updated == 1
    assert db.session.scalar(select(Unit.name).where(Unit.code == "TANTIEN")) == (
        "UBND phường Tân Tiến Mới"
    )


def test_an_html_page_nested_past_the_parsers_limit_is_refused_without_being_read_whole(
    tmp_path, ward
):
    data = b"<html><body>" + b"<div>" * 100_000 + b"</div>" * 100_000
    data += b"<table><tr><td>dossier_code</td></tr></table></body></html>"

    [problem] = reject("dossiers", write_bytes(tmp_path, data, "long.xls"))

    assert problem["message"] == "Tệp là trang HTML nhưng không có bảng (thẻ <table>) nào để đọc."
