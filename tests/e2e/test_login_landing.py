"""Log in as each demo role in a real browser: landing page, menu, log out, scope, phone size."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, PHONE

pytestmark = pytest.mark.e2e

MENU = "nav[aria-label='Điều hướng chính']"
# Every entry of webapp/navigation.py, in menu order.
ALL_ENTRIES = (
    "Việc cần làm",
    "Số liệu",
    "Nhập số liệu",
    "Đơn vị",
    "Đơn vị của tôi",
    "Tài khoản người dùng",
    "Nhật ký hệ thống",
)
OFFICE_ENTRIES = ("Việc cần làm", "Số liệu", "Nhập số liệu", "Đơn vị", "Nhật ký hệ thống")
LEADER_ENTRIES = ("Việc cần làm", "Số liệu", "Đơn vị", "Nhật ký hệ thống")


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD):
    """Log in through the real login page; return the answer to the form."""
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Đăng nhập").click()
    return navigation.value


def menu_entries(page: Page) -> list[str]:
    """The role's menu entries, as shown, in order (account and log out left aside)."""
    entries = page.locator(f"{MENU} a[data-entry]")
    return [
        entries.nth(i).get_attribute("data-entry")
        for i in range(entries.count())
        if entries.nth(i).get_attribute("data-entry") in ALL_ENTRIES
    ]


def menu_link(page: Page, entry: str):
    """The menu's link to an entry (its name may carry a count, "Việc cần làm, 3 việc đang chờ")."""
    return page.locator(f'{MENU} a[data-entry="{entry}"]')


def has_no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def log_out(page: Page) -> None:
    menu = page.locator("details.menu")
    if not page.get_by_role("button", name="Đăng xuất").is_visible():
        menu.locator("summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login")
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()


@pytest.mark.parametrize(
    ("username", "who", "entries"),
    [
        pytest.param("vanphong", "Chuyên viên Văn phòng", OFFICE_ENTRIES, id="office"),
        pytest.param("chutich", "Lãnh đạo", LEADER_ENTRIES, id="leader-chutich"),
        pytest.param("phochutich", "Lãnh đạo", LEADER_ENTRIES, id="leader-phochutich"),
        pytest.param(
            "admin",
            "Quản trị hệ thống",
            (
                "Việc cần làm",
                "Số liệu",
                "Nhập số liệu",
                "Đơn vị",
                "Tài khoản người dùng",
                "Nhật ký hệ thống",
            ),
            id="admin",
        ),
        pytest.param(
            "anbinh",
            "UBND phường An Bình",
            ("Việc cần làm", "Số liệu", "Đơn vị của tôi"),
            id="unit",
        ),
    ],
)
def test_each_role_lands_on_its_page_sees_its_menu_and_logs_out(visit, username, who, entries):
    page = visit().page
    answer = log_in(page, username)
    assert answer.status == 200

    expect(page.get_by_test_id("landing-title")).to_have_text("Việc cần làm")
    expect(page.locator(".todo-who")).to_contain_text(who)
    assert menu_entries(page) == list(entries)
    for hidden in set(ALL_ENTRIES) - set(entries):
        expect(menu_link(page, hidden)).to_have_count(0)

    # Every entry the role sees opens a page for it.
    for entry in entries:
        href = menu_link(page, entry).get_attribute("href")
        opened = page.goto(href)
        assert opened.status == 200, f"{username}: {entry} ({href}) answered {opened.status}"
    page.goto("/")

    log_out(page)
    page.goto("/")
    assert "/login" in page.url, "after logging out the landing page asks to log in again"


@pytest.mark.parametrize(
    ("username", "signer_line", "authority"),
    [
        pytest.param("chutich", "CHỦ TỊCH", None, id="chutich"),
        pytest.param("phochutich", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", id="phochutich"),
    ],
)
def test_leader_landing_shows_own_signer_block(visit, username, signer_line, authority):
    page = visit().page
    log_in(page, username)
    block = page.locator("section.card").filter(
        has=page.get_by_role("heading", name="Chức danh ký văn bản")
    )
    expect(block).to_have_count(1)
    lines = [line.strip() for line in block.locator("strong").all_text_contents()]
    if authority:
        assert lines == [authority, signer_line]
    else:
        assert lines == [signer_line]


def test_wrong_password_is_refused_on_the_login_page(visit):
    page = visit().page
    answer = log_in(page, "vanphong", "khong-dung-mat-khau")
    assert answer.status == 401
    expect(page.get_by_test_id("login-error")).to_have_text(
        "Tên đăng nhập hoặc mật khẩu không đúng."
    )
    expect(page.get_by_test_id("landing-title")).to_have_count(0)
    assert page.url.endswith("/login")


def test_unit_user_cannot_open_another_units_page(visit):
    page = visit().page
    log_in(page, "anbinh")
    assert page.goto("/units/ANBINH").status == 200

    answer = page.goto("/units/TANTIEN")
    assert answer.status == 404
    expect(page.get_by_test_id("error-message")).to_contain_text("Không tìm thấy")
    expect(page.get_by_text("Tân Tiến")).to_have_count(0)


def test_phone_viewport_has_no_horizontal_scroll_and_the_menu_opens(visit):
    page = visit(PHONE).page
    page.goto("/login")
    assert has_no_horizontal_scroll(page), "login page scrolls sideways on a phone"

    log_in(page, "vanphong")
    expect(page.get_by_test_id("landing-title")).to_have_text("Việc cần làm")
    assert has_no_horizontal_scroll(page), "landing page scrolls sideways on a phone"

    units_link = menu_link(page, "Đơn vị")
    expect(units_link).to_be_hidden()
    page.locator("details.menu summary").click()
    expect(units_link).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert has_no_horizontal_scroll(page), "the open menu scrolls sideways on a phone"

    units_link.click()
    page.wait_for_url("**/units")
    assert has_no_horizontal_scroll(page), "the unit list scrolls sideways on a phone"


def test_no_request_leaves_the_machine(visit):
    one = visit()
    page = one.page
    log_in(page, "admin")
    for path in ("/", "/units", "/admin/users", "/audit", "/account"):
        page.goto(path)
    page.goto("/units/ANBINH")
    assert any(url.endswith(".css") for url in one.requested), "the stylesheet was requested"
    assert one.foreign_requests() == []
