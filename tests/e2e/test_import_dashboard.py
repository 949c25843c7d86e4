"""Import in a real browser: a bad file shows the error table, a good one leads to the dashboard."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.e2e.conftest import serious_violations
from tests.e2e.test_login_landing import log_in
from webapp.demo.sample_files import FORM06_NAME, form06_workbook

pytestmark = pytest.mark.e2e

HEADER = (
    "dossier_code,unit_code,procedure_code,channel,received_at,due_at,returned_at,finished_at\n"
)
BAD_ROWS = (
    "E2E-1,ANBINH,1.001612,online,05/02/2024 08:00,03/02/2024 17:00,,\n"
    "E2E-2,KHONGCO,1.001612,fax,05/02/2024 08:00,09/02/2024 17:00,,\n"
)
GOOD_ROWS = (
    "E2E-1,ANBINH,1.001612,online,05/02/2024 08:00,09/02/2024 17:00,"
    "09/02/2024 10:00,12/02/2024 09:00\n"
    "E2E-2,TANTIEN,1.001612,direct,05/02/2024 08:00,09/02/2024 17:00,"
    "08/02/2024 10:00,08/02/2024 10:00\n"
)


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, name: str, content: str | bytes, mime_type: str = "text/csv") -> None:
    page.goto("/imports")
    page.get_by_label("Loại dữ liệu").select_option("dossiers")
    buffer = content.encode("utf-8") if isinstance(content, str) else content
    page.get_by_label("Tệp CSV, XLSX hoặc XLS").set_input_files(
        {"name": name, "mimeType": mime_type, "buffer": buffer}
    )
    page.get_by_role("button", name="Nhập số liệu").click()


def workbook(csv_text: str) -> bytes:
    """Return the rows of a CSV text as an XLSX workbook, as Excel saves one."""
    book = Workbook()
    for line in csv_text.splitlines():
        book.active.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bad_file_shows_every_problem_then_good_file_reaches_the_dashboard(visit):
    page = visit().page
    log_in(page, "vanphong")

    upload(page, "sai.csv", HEADER + BAD_ROWS)
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    expect(errors.locator("tbody tr")).to_have_count(3)
    expect(errors).to_contain_text("ngày hẹn trả trước ngày tiếp nhận")
    expect(errors).to_contain_text("không có đơn vị mang mã này")
    expect(errors).to_contain_text("fax")
    expect(page.get_by_text("không dữ liệu nào được lưu")).to_be_visible()

    upload(page, "dung.csv", HEADER + GOOD_ROWS)
    expect(page.get_by_test_id("import-summary")).to_contain_text("thêm 2")
    page.get_by_role("link", name="Xem bảng số liệu").click()
    expect(page.get_by_role("heading", name="Kết quả giải quyết TTHC 02/2024")).to_be_visible()
    row = page.locator("[data-testid=figures-table] tr[data-unit=ANBINH]")
    expect(row.locator("td.fail[data-column=on_time_rate]")).to_have_text("0,00 %")
    expect(row.locator("td.fail[data-column=closed_late_in_software]")).to_have_text("1")
    findings = page.get_by_test_id("findings")
    expect(findings).to_contain_text("Quên bấm kết thúc hồ sơ")
    expect(findings).to_contain_text("An Bình")
    rate_group = findings.locator("li[data-rule=rate_below_threshold]")
    expect(rate_group).to_contain_text("An Bình")
    expect(rate_group).not_to_contain_text("Tân Tiến")  # its one dossier was on time


@pytest.mark.parametrize(
    ("name", "mime_type"),
    [("Hồ sơ tháng 02.xlsx", XLSX_MIMETYPE), ("Hồ sơ tháng 02", "application/octet-stream")],
    ids=["named-xlsx", "no-extension"],
)
def test_an_excel_workbook_uploaded_on_the_page_is_imported(visit, name, mime_type):
    page = visit().page
    log_in(page, "vanphong")

    rows = GOOD_ROWS.replace("E2E-", f"E2E-XLSX-{mime_type[-3:]}-")  # new to the server

    upload(page, name, workbook(HEADER + rows), mime_type)

    expect(page.get_by_test_id("import-summary")).to_contain_text("thêm 2")
    expect(page.get_by_test_id("import-errors")).to_have_count(0)


def test_a_wards_official_report_is_previewed_then_imported_and_shown(visit):
    page = visit().page
    log_in(page, "vanphong")
    page.goto("/imports")
    page.get_by_label("Loại dữ liệu").select_option("unit_stats")
    page.get_by_label("Tệp CSV, XLSX hoặc XLS").set_input_files(
        {"name": FORM06_NAME, "mimeType": XLSX_MIMETYPE, "buffer": form06_workbook()}
    )
    page.get_by_role("button", name="Xem trước").click()

    # The preview: nothing stored yet; Tân Vạn's February, before → after; the finding it brings.
    expect(page.get_by_test_id("preview-summary")).to_contain_text(
        "Sẽ nhập 1 dòng: thêm 1, cập nhật 0, không đổi 0"
    )
    expect(page.get_by_test_id("preview-title-rows")).to_contain_text("dòng phía trên dòng tiêu đề")
    change = page.locator("[data-testid=preview-figures] tr[data-unit=TANVAN]")
    expect(change).to_contain_text("Giải quyết đúng hạn: — → 125")
    expect(change).to_contain_text("Giải quyết quá hạn: — → 9")
    expect(page.get_by_test_id("preview-findings")).to_contain_text(
        "Xuất hiện: UBND phường Tân Vạn, tháng 02/2024 — Tỷ lệ giải quyết hồ sơ đúng hạn dưới ngưỡng"
    )

    assert not serious_violations(page)

    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("Đã nhập 1 dòng: thêm 1")
    page.get_by_role("link", name="Xem bảng số liệu").click()
    expect(page.get_by_role("heading", name="Kết quả giải quyết TTHC 02/2024")).to_be_visible()
    row = page.locator("[data-testid=figures-table] tr[data-unit=TANVAN]")
    expect(row.locator("td.fail[data-column=on_time_rate]")).to_have_text("93,28 %")
    expect(
        page.get_by_test_id("findings").locator("li[data-rule=rate_below_threshold]")
    ).to_contain_text("Tân Vạn")
