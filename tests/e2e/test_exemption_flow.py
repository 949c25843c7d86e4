"""A ward disputes a dossier closed late in the software, in a real browser: it opens the dossier
from its figure on the dashboard, asks for an exemption with a PDF, the office accepts; the
dashboard's figure, the finding and the published results change and say so; the audit trail
shows each step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_login_landing import log_in, log_out

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def closed_late_cell(page: Page):
    page.goto("/stats?period=2024-01")
    row = page.get_by_test_id("figures-table").locator('tr[data-unit="ANBINH"]')
    return row, row.locator('td[data-column="closed_late_in_software"]')


def test_a_ward_disputes_a_late_dossier_and_the_office_accepts(visit, tmp_path):
    page = visit().page
    evidence = tmp_path / "bien-ban-loi-phan-mem.pdf"
    evidence.write_bytes(PDF)

    # The ward opens its forgot-to-finish figure and asks about its first dossier.
    log_in(page, "anbinh")
    _row, cell = closed_late_cell(page)
    expect(cell).to_have_text("2")
    with page.expect_navigation():
        cell.get_by_role("link").click()
    listing = page.get_by_test_id("dossier-list")
    expect(listing.locator("tbody tr")).to_have_count(2)
    first = listing.locator("tbody tr").first
    code = first.get_attribute("data-code")
    with page.expect_navigation():
        first.get_by_role("link", name="Đề nghị miễn trừ").click()
    expect(page.get_by_role("heading", name=f"Đề nghị miễn trừ hồ sơ {code}")).to_be_visible()
    page.get_by_label("Lý do").select_option("software_error")
    page.get_by_label("Giải trình").fill(
        "Phần mềm báo lỗi khi bấm kết thúc; đã trả kết quả đúng hạn."
    )
    page.get_by_label(re.compile("Tệp minh chứng")).set_input_files(str(evidence))
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi đề nghị miễn trừ").click()
    expect(page.get_by_test_id("exemption-state")).to_have_text("Chờ xem xét")
    evidence_item = page.locator("li", has_text="bien-ban-loi-phan-mem.pdf")
    expect(evidence_item.get_by_role("link", name="Xem")).to_be_visible()
    expect(evidence_item.get_by_role("link", name="Tải về")).to_be_visible()
    request_url = page.url
    log_out(page)

    # The office is told, opens the request and accepts it.
    log_in(page, "vanphong")
    page.goto("/notifications")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(f"đề nghị miễn trừ hồ sơ {code}")).click()
    assert page.url == request_url
    page.get_by_label("Ý kiến").fill("Đã đối chiếu nhật ký lỗi của phần mềm một cửa.")
    with page.expect_navigation():
        page.get_by_role("button", name="Chấp nhận miễn trừ").click()
    expect(
        page.get_by_text("Đã chấp nhận miễn trừ; số liệu tháng đã được tính lại.")
    ).to_be_visible()
    expect(page.get_by_test_id("exemption-state")).to_have_text("Chấp nhận")

    # The dashboard's figure and the finding change, and say why.
    row, cell = closed_late_cell(page)
    expect(cell).to_have_text("1")
    expect(row.get_by_test_id("exempted")).to_have_text("đã trừ 1 hồ sơ được chấp nhận miễn trừ")
    finding = page.get_by_test_id("findings").locator('li[data-rule="closed_late_in_software"]')
    expect(finding).to_contain_text(re.compile(r"An Bình: 1\b"))

    # The published results name the adjusted ward.
    with page.expect_navigation():
        page.get_by_role("button", name="Công bố kết quả 01/2024").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận công bố").click()
    page.goto("/public/results?period=2024-01")
    expect(page.get_by_test_id("adjusted-units")).to_contain_text("UBND phường An Bình (1 hồ sơ)")

    # The audit trail shows the request and the decision.
    exemption_id = request_url.rsplit("/", 1)[1]
    page.goto(f"/audit?entity=exemption&entity_id={exemption_id}")
    trail = page.get_by_test_id("audit-table")
    expect(trail.locator("tbody tr")).to_have_count(2)
    log_out(page)

    # The ward hears of the decision.
    log_in(page, "anbinh")
    page.goto("/notifications")
    expect(
        page.get_by_text(
            f"Đề nghị miễn trừ hồ sơ {code} được chấp nhận: hồ sơ được tính là đúng hạn"
        )
    ).to_be_visible()
