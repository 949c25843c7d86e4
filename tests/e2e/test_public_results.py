"""The office publishes a month; anyone opens the public results without logging in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_login_landing import log_in, log_out

pytestmark = pytest.mark.e2e


def test_the_office_publishes_and_the_public_page_opens_without_login(visit):
    office = visit().page
    log_in(office, "vanphong")
    office.goto("/stats?period=2024-01")
    with office.expect_navigation():
        office.get_by_role("button", name="Công bố kết quả 01/2024").click()
    expect(office.get_by_test_id("consequence")).to_have_text(
        re.compile(r"^Công khai kết quả tháng 01/2024 của \d+ đơn vị\.$")
    )
    with office.expect_navigation():
        office.get_by_role("button", name="Xác nhận công bố").click()
    expect(office.get_by_text(re.compile("Đã công bố kết quả 2024-01"))).to_be_visible()
    log_out(office)

    public = visit().page
    public.goto("/public/results?period=2024-01")
    assert "/login" not in public.url
    expect(public.get_by_role("heading", name=re.compile(r"tháng 01\/2024"))).to_be_visible()
    table = public.get_by_test_id("public-results")
    expect(table.get_by_role("row", name=re.compile("UBND phường Tam Phước"))).to_be_visible()
    expect(public.get_by_test_id("public-chart").locator("svg rect").first).to_be_visible()
    text = public.locator("main").inner_text()
    for private in ("Cán bộ UBND", "Nguyễn Thị Thu Trang", "tamphuoc", "Công chức"):
        assert private not in text
    with public.expect_download() as download:
        public.get_by_role("link", name="Tải PDF").click()
    assert download.value.suggested_filename == "ket-qua-tthc-2024-01.pdf"
    public.goto("/public/results?period=2023-05")
    expect(public.get_by_role("heading", name="Lỗi 404")).to_be_visible()
