"""A letter from the dashboard to its signed PDF, in a real browser: draft, edit, preview, submit,
sign, download."""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_login_landing import log_in, log_out

pytestmark = pytest.mark.e2e

EDITED_TEXT = "Rà soát, bấm kết thúc ngay các hồ sơ đã trả kết quả trước ngày 05/02/2024."
NUMBER = "01/UBND-VP"
# Set to a folder to keep pictures of the editor and the read view for review.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "")


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it, lines joined by spaces."""
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return re.sub(r"\s+", " ", done.stdout)


def pdf_text_of(data: bytes, folder: Path) -> str:
    """The text of PDF bytes, as pdf_text reads a file."""
    path = folder / "inline.pdf"
    path.write_bytes(data)
    return pdf_text(path)


def shoot(page: Page, name: str) -> None:
    """Keep a full-page picture of what a person sees, when SCREENSHOT_DIR asks for it."""
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)


def test_office_drafts_edits_and_submits_then_the_leader_signs_and_downloads(visit, tmp_path):
    page = visit().page
    log_in(page, "vanphong")
    page.goto("/stats?period=2024-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Soạn văn bản").click()
    assert re.search(r"/directives/\d+/edit$", page.url), page.url
    editor_url = page.url
    expect(page.get_by_text("Đã soạn dự thảo từ số liệu")).to_be_visible()
    preview = page.frame_locator("#letter-preview")
    expect(preview.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).to_be_visible()

    first = page.get_by_test_id("assignment").first
    first.get_by_label("Nội dung nhiệm vụ").fill(EDITED_TEXT)
    # The live preview follows the typing, before anything is saved.
    expect(page.locator("#preview-status")).to_have_text("Bản xem trước đã cập nhật (chưa lưu).")
    expect(preview.get_by_text(EDITED_TEXT)).to_be_visible()

    with page.expect_navigation():
        page.locator("#save-top").click()
    assert page.url == editor_url
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    expect(page.get_by_test_id("assignment").first.get_by_label("Nội dung nhiệm vụ")).to_have_value(
        EDITED_TEXT
    )
    expect(preview.get_by_text(EDITED_TEXT)).to_be_visible()
    shoot(page, "editor")

    page.get_by_role("link", name="Xem văn bản và trình ký").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Trình ký").click()
    expect(page.get_by_text("Đã trình ký văn bản.")).to_be_visible()
    expect(page.get_by_test_id("state-badge")).to_have_text("Chờ ký")
    letter_url = page.url
    log_out(page)

    log_in(page, "chutich")
    page.goto("/directives")
    expect(page.get_by_test_id("waiting-count")).to_be_visible()
    page.goto(letter_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Ký và cấp số").click()
    # The confirmation page says which number the letter will take; nothing is signed yet.
    expect(page.get_by_test_id("consequence")).to_have_text(
        f"Văn bản sẽ được cấp số {NUMBER} và ký số."
    )
    shoot(page, "sign-confirmation")
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận ký và cấp số").click()
    expect(page.get_by_text(f"Đã ký và cấp số {NUMBER}.")).to_be_visible()
    expect(page.get_by_test_id("directive-number")).to_have_text(NUMBER)
    expect(page.get_by_test_id("state-badge")).to_have_text("Đã ký")
    expect(page.frame_locator("#letter-preview").get_by_text(f"Số: {NUMBER}")).to_be_visible()
    shoot(page, "read-view")

    # The PDF preview page frames the signed letter's PDF, served inline by this site.
    page.get_by_role("link", name="Xem bản PDF").click()
    frame = page.get_by_test_id("pdf-frame")
    expect(frame).to_be_visible()
    inline = page.request.get(frame.get_attribute("src"))
    assert inline.ok and inline.headers["content-type"] == "application/pdf"
    assert inline.headers["content-disposition"].startswith("inline")
    assert f"Số: {NUMBER}" in pdf_text_of(inline.body(), tmp_path)
    page.goto(letter_url)

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Tải DOCX").click()
    docx = tmp_path / "letter.docx"
    docx_download.value.save_as(docx)
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as archive:
        words = re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))
    assert EDITED_TEXT in words and NUMBER in words

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Tải PDF").click()
    pdf = tmp_path / "letter.pdf"
    pdf_download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    assert EDITED_TEXT in text
    assert f"Số: {NUMBER}" in text


def test_the_office_issues_several_signed_letters_at_once(visit):
    """Two signed letters (the one signed above and December's), ticked on the letters list and
    issued together after a confirmation naming each."""
    page = visit().page
    log_in(page, "vanphong")
    page.goto("/directives")
    draft = page.get_by_test_id("draft-form")
    draft.get_by_label("Kỳ số liệu").fill("2023-12")
    with page.expect_navigation():
        draft.get_by_role("button", name="Soạn văn bản").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu và trình ký").click()
    expect(page.get_by_test_id("state-badge")).to_have_text("Chờ ký")
    december = re.search(r"/directives/(\d+)", page.url).group(1)
    log_out(page)

    log_in(page, "chutich")
    to_sign = page.get_by_test_id("todo-to-sign")
    letter = to_sign.locator("li", has=page.locator(f'a[href$="/directives/{december}"]'))
    with page.expect_navigation():
        letter.get_by_role("button", name=re.compile("^Ký và cấp số")).click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-form").get_by_role("button").click()
    expect(page.get_by_test_id("state-badge")).to_have_text(re.compile("Đã ký"))
    log_out(page)

    log_in(page, "vanphong")
    page.goto("/directives")
    choices = page.get_by_test_id("issue-choice")
    expect(choices).to_have_count(2)
    for index in range(2):
        choices.nth(index).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ban hành các văn bản đã chọn").click()
    confirmation = page.get_by_test_id("confirmation")
    expect(confirmation.get_by_role("heading")).to_have_text("Xác nhận ban hành 2 văn bản")
    expect(page.get_by_test_id("confirmation-items").locator("li")).to_have_count(2)
    expect(confirmation).to_contain_text(NUMBER)
    with page.expect_navigation():
        page.get_by_test_id("confirm-form").get_by_role("button").click()
    expect(page.get_by_text(re.compile(r"^Đã ban hành 2 văn bản: "))).to_be_visible()
    expect(page.get_by_test_id("issue-choice")).to_have_count(0)
    issued = page.locator('[data-testid="directive-table"] tr[data-state="issued"]')
    expect(issued).to_have_count(2)
