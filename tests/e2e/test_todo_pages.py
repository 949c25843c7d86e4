"""Each role lands on its to-do page in a real browser: the office finds the month to draft, the
leader the letter to sign, each one click from where it is done, with the count in the menu."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, serious_violations
from tests.e2e.test_login_landing import MENU, has_no_horizontal_scroll, log_in, log_out
from webapp.signing.pki import issue_signing_certificate, local_ca
from workflows.periods import LOCAL_ZONE

pytestmark = pytest.mark.e2e


def todo_link(page: Page):
    return page.locator(f'{MENU} a[data-entry="Việc cần làm"]')


def shown_total(page: Page) -> int:
    """The page's own total ("Có 3 việc đang chờ bạn"), 0 for the empty page."""
    if page.get_by_test_id("todo-empty").count():
        return 0
    return int(page.get_by_test_id("todo-total").locator("strong").inner_text())


def expect_badge(page: Page, total: int) -> None:
    """The menu's entry shows the total, and says it in words to a screen reader."""
    link = todo_link(page)
    if total:
        expect(link).to_have_accessible_name(f"Việc cần làm, {total} việc đang chờ")
        expect(link.get_by_test_id("nav-count-todo")).to_contain_text(str(total))
    else:
        expect(link).to_have_accessible_name("Việc cần làm")
        expect(link.get_by_test_id("nav-count-todo")).to_have_count(0)
    unread = page.locator(f'{MENU} a[data-entry="Thông báo"]')
    expect(unread).to_have_accessible_name(re.compile(r"^Thông báo(, \d+ chưa đọc)?$"))


def test_each_role_finds_what_waits_for_it_and_follows_it(visit):
    page = visit().page

    # The office: the demo's months have findings and no letter yet.
    log_in(page, "vanphong")
    expect(page.get_by_test_id("landing-title")).to_have_text("Việc cần làm")
    months = page.get_by_test_id("todo-months-to-draft")
    expect(months).to_be_visible()
    office_total = shown_total(page)
    assert office_total >= 1
    expect_badge(page, office_total)
    newest = months.get_by_role("link").first
    period = re.search(r"period=(\d{4}-\d{2})", newest.get_attribute("href")).group(1)
    newest.click()
    page.wait_for_url(f"**/stats?period={period}")
    with page.expect_navigation():
        page.get_by_test_id("draft-from-stats").get_by_role("button").click()
    letter = re.search(r"/directives/(\d+)/edit", page.url).group(1)

    # Drafted: that month no longer waits (a later one would go first, so it is the newest).
    page.goto("/")
    expect(
        page.get_by_test_id("todo-months-to-draft").locator(f'a[href$="period={period}"]')
    ).to_have_count(0)
    page.goto(f"/directives/{letter}")
    with page.expect_navigation():
        page.get_by_role("button", name="Trình ký").click()
    log_out(page)

    # The leader: the submitted letter waits to be signed, one click away.
    log_in(page, "chutich")
    to_sign = page.get_by_test_id("todo-to-sign")
    expect(to_sign.get_by_test_id("todo-count")).to_have_text("1")
    expect_badge(page, shown_total(page))
    to_sign.get_by_role("link").first.click()
    page.wait_for_url(f"**/directives/{letter}")
    log_out(page)

    # A unit with nothing issued to it yet: the empty page, no count.
    log_in(page, "anbinh")
    expect(page.get_by_test_id("todo-empty")).to_contain_text("Không có việc nào đang chờ bạn")
    expect_badge(page, 0)
    log_out(page)

    # The admin: its page, and the count agrees with it.
    log_in(page, "admin")
    expect(page.get_by_test_id("landing-title")).to_have_text("Việc cần làm")
    expect_badge(page, shown_total(page))


def test_the_to_do_page_fits_a_phone(visit):
    page = visit(PHONE).page
    log_in(page, "vanphong")
    expect(page.get_by_test_id("landing-title")).to_have_text("Việc cần làm")
    assert has_no_horizontal_scroll(page), "the to-do page scrolls sideways on a phone"


def test_the_admin_renews_a_signers_certificate_from_the_menu(visit, tmp_path):
    ca = local_ca(tmp_path / "ca", "UBND thành phố Biên Hòa")
    renewal = issue_signing_certificate(
        ca, "Người ký gia hạn", "UBND thành phố Biên Hòa", timedelta(days=400)
    )
    p12 = tmp_path / "gia-han.p12"
    p12.write_bytes(renewal.p12)
    page = visit().page
    log_in(page, "admin")
    page.locator(f'{MENU} a[data-entry="Người ký và chứng thư"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Người ký và chứng thư số")
    assert not serious_violations(page)
    row = page.get_by_test_id("signers-table").locator("tbody tr").first
    name = row.locator("th").inner_text().strip()
    row.get_by_role("link", name="Gia hạn chứng thư").click()

    assert not serious_violations(page)
    page.get_by_label("Tệp chứng thư số").set_input_files(p12)
    page.get_by_label("Mật khẩu của tệp").fill(renewal.password)
    page.get_by_role("button", name="Nạp chứng thư").click()

    ends = renewal.certificate.not_valid_after_utc.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y")
    expect(page.locator(".flash-success")).to_contain_text(f"Đã nạp chứng thư số cho {name}")
    renewed = page.get_by_test_id("signers-table").locator("tbody tr").filter(has_text=name)
    expect(renewed.get_by_test_id("certificate-standing")).to_contain_text(ends)
    expect(renewed).to_contain_text("Người ký gia hạn")  # the new certificate's subject
