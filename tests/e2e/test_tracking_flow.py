"""The tracking cycle in a real browser: the office issues a signed letter, a unit reports with a
PDF, the leader accepts; February is imported; the leader confirms one unit and orders a
follow-up for the other."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE
from tests.e2e.test_directive_flow import shoot
from tests.e2e.test_login_landing import has_no_horizontal_scroll, log_in, log_out
from tests.february import february_dossiers

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def open_rate_task(page: Page) -> None:
    """From the unit's task list, open its task of the letter's first assignment."""
    page.goto("/tasks")
    page.get_by_test_id("task-table").get_by_role("link", name=re.compile(r"^1\. ")).click()
    expect(page.get_by_role("heading", name=re.compile("Nhiệm vụ 1 của văn bản"))).to_be_visible()


def test_office_unit_and_leader_walk_the_cycle(visit, tmp_path):
    page = visit().page

    # The office drafts and submits; the leader signs; the office issues.
    log_in(page, "vanphong")
    page.goto("/stats?period=2024-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Soạn văn bản").click()
    letter_url = page.url.removesuffix("/edit")
    page.goto(letter_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Trình ký").click()
    log_out(page)
    log_in(page, "chutich")
    page.goto(letter_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Ký và cấp số").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận ký và cấp số").click()
    log_out(page)
    log_in(page, "vanphong")
    page.goto(letter_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Ban hành, giao nhiệm vụ cho đơn vị").click()
    expect(page.get_by_test_id("consequence")).to_have_text(
        re.compile(r"^Tạo \d+ nhiệm vụ cho \d+ đơn vị\.$")
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận ban hành").click()
    expect(page.get_by_text(re.compile(r"đã giao \d+ nhiệm vụ cho \d+ đơn vị"))).to_be_visible()
    board = page.get_by_test_id("board")
    shoot(page, "board")
    expect(board.get_by_role("row", name=re.compile("UBND phường Bửu Hòa"))).to_be_visible()
    log_out(page)

    # The unit sees its task and reports with a PDF.
    log_in(page, "buuhoa")
    open_rate_task(page)
    expect(page.get_by_test_id("task-state")).to_have_text("Chưa triển khai")
    form = page.get_by_test_id("report-form")
    form.get_by_label("Kết quả thực hiện").fill("Đã rà soát, giải quyết đúng hạn toàn bộ hồ sơ.")
    form.get_by_label(re.compile("Tệp minh chứng")).set_input_files(
        {"name": "bao-cao-buu-hoa.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("task-state")).to_have_text("Chờ xác nhận")
    evidence = page.locator(".files li", has_text="bao-cao-buu-hoa.pdf")
    expect(evidence.get_by_role("link", name="Tải về")).to_be_visible()
    view = evidence.get_by_role("link", name="Xem")
    expect(view).to_have_attribute("href", re.compile(r"^/evidence/\d+\?inline=1$"))
    shown = page.request.get(view.get_attribute("href"))
    assert shown.headers["content-disposition"].startswith("inline")
    assert shown.headers["content-type"] == "application/pdf"
    # The letter's number opens the issued letter's PDF.
    letter = page.get_by_test_id("task-letter")
    expect(letter).to_have_attribute("href", re.compile(r"^/directives/\d+/pdf$"))
    task_url = page.url
    shoot(page, "task-reported")
    log_out(page)

    # The leader finds the report in the inbox and accepts it.
    log_in(page, "chutich")
    page.goto("/inbox")
    page.get_by_test_id("inbox-reports").get_by_role("link", name=re.compile("Bửu Hòa")).click()
    decision = page.get_by_test_id("decision-form")
    with page.expect_navigation():
        decision.get_by_role("button", name="Đạt", exact=True).click()
    expect(page.get_by_test_id("task-state")).to_have_text("Hoàn thành")
    log_out(page)

    # The office imports February.
    log_in(page, "vanphong")
    page.goto("/imports")
    page.get_by_label("Loại dữ liệu").select_option("dossiers")
    page.get_by_label(re.compile("Tệp")).set_input_files(
        {"name": "ho-so-t2.csv", "mimeType": "text/csv", "buffer": february_dossiers()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Nhập")).click()
    expect(page.get_by_test_id("import-summary")).to_be_visible()
    log_out(page)

    # The leader confirms Bửu Hòa and orders a follow-up letter for Tam Phước.
    log_in(page, "chutich")
    page.goto("/inbox")
    confirm = page.get_by_test_id("inbox-confirm")
    expect(confirm.get_by_text(re.compile("Bửu Hòa · nhiệm vụ 1 "))).to_be_visible()
    follow = page.get_by_test_id("inbox-follow-up").locator(
        "li", has_text="Tam Phước · nhiệm vụ 1 "
    )
    expect(follow).to_contain_text("vi phạm 4 lần")
    expect(follow.get_by_test_id("disciplinary")).to_be_visible()
    shoot(page, "inbox")
    page.goto(task_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận đã khắc phục").click()
    expect(page.get_by_test_id("task-state")).to_have_text("Đã xác nhận khắc phục")
    timeline = page.get_by_test_id("task-timeline")
    for step in (
        "Giao nhiệm vụ",
        "Báo cáo kết quả",
        "Lãnh đạo xác nhận đạt",
        "Đánh giá theo số liệu",
        "Xác nhận đã khắc phục",
    ):
        expect(timeline.get_by_text(step, exact=True)).to_be_visible()
    page.goto("/inbox")
    follow = page.get_by_test_id("inbox-follow-up").locator(
        "li", has_text="Tam Phước · nhiệm vụ 1 "
    )
    with page.expect_navigation():
        follow.get_by_role("button", name=re.compile("Chỉ đạo soạn công văn phê bình")).click()
    expect(page.get_by_role("heading", name=re.compile("Công văn phê bình"))).to_be_visible()
    expect(page.get_by_test_id("state-badge")).to_have_text("Dự thảo")


def test_the_unit_pages_fit_a_phone(visit):
    page = visit(PHONE).page
    log_in(page, "tamphuoc")
    for path in ("/tasks", "/notifications"):
        page.goto(path)
        assert has_no_horizontal_scroll(page), path
    log_out(page)
    log_in(page, "chutich")
    for path in ("/inbox", "/tracking"):
        page.goto(path)
        assert has_no_horizontal_scroll(page), path


def table_box(page: Page, test_id: str) -> dict:
    """The table's height and right edge, how wide its content is beside how wide its frame."""
    return page.get_by_test_id(test_id).evaluate(
        """table => ({height: table.getBoundingClientRect().height,
            right: table.getBoundingClientRect().right,
            content: table.parentElement.scrollWidth, frame: table.parentElement.clientWidth,
            rows: table.tBodies[0].rows.length,
            sticky: getComputedStyle(table.rows[0].cells[0]).position})"""
    )


def test_the_units_tables_fit_a_phone_as_cards_or_behind_a_sticky_column(visit):
    """At 390×844: the unit's tasks are cards within the screen, its task page fits, and the
    figures scroll sideways behind their first column, their numbers on one line. Before: the
    unit's figures 198 px for its one row, its months 295 px for four, the office's 34 rows
    3,222 px; now 126, 187 and 1,923 px."""
    page = visit(PHONE).page
    log_in(page, "tamphuoc")
    page.goto("/tasks")
    assert has_no_horizontal_scroll(page)
    tasks = table_box(page, "task-table")
    assert tasks["right"] <= PHONE["width"] and tasks["content"] <= tasks["frame"]
    card = page.get_by_test_id("task-table").locator("tbody tr").first
    state = card.locator("td[data-label='Trạng thái']")
    assert state.evaluate("td => getComputedStyle(td, '::before').content") == '"Trạng thái"'
    assert state.bounding_box()["x"] + state.bounding_box()["width"] <= PHONE["width"]
    card.get_by_role("link").click()
    expect(page.get_by_test_id("task-summary")).to_be_visible()
    assert has_no_horizontal_scroll(page), page.url

    for path, test_id in (
        ("/stats?period=2024-01", "figures-table"),
        ("/stats/units/TAMPHUOC", "unit-months"),
    ):
        page.goto(path)
        assert has_no_horizontal_scroll(page), path
        figures = table_box(page, test_id)
        assert figures["sticky"] == "sticky", path
        assert figures["height"] <= 100 + 45 * figures["rows"], (path, figures)
    log_out(page)

    log_in(page, "vanphong")
    page.goto("/stats?period=2024-01")
    assert has_no_horizontal_scroll(page)
    board = table_box(page, "figures-table")
    assert board["height"] <= 60 * board["rows"], board
