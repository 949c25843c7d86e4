"""A whole month in a real browser, as the office, the leaders and a ward would live it: each
starts from the to-do page and follows only what the app offers (the to-do list, the menu, the
notifications, the buttons), never a typed address.

January's figures are in (the demo city). The office drafts from the to-do list and submits; the
chairman signs; the office issues; Bửu Hòa reports on its task; the chairman accepts; the office
imports February; the chairman confirms the month's tasks that met their criterion at once.

The walk counts what people do: every click on a link, button, file chooser or list; typing and
logging in are counted apart. Along the way, axe-core checks each role's landing page, the letter
editor, the task page and the tracking board (no serious or critical violation), and with
DOCS_SCREENSHOTS=1 the landing pages are photographed into docs/ for the README."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import PHONE, REPO_ROOT, serious_violations
from tests.e2e.test_login_landing import MENU, log_in, log_out
from tests.february import february_dossiers

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOCS = REPO_ROOT / "docs"
LANDING_SIZES = {"1366x768": {"width": 1366, "height": 768}, "390x844": PHONE}


@dataclass
class Walk:
    """One browser, and what the people using it did: clicks per step, and logins."""

    page: Page
    clicks: dict[str, int] = field(default_factory=dict)
    logins: int = 0
    step: str = ""
    checked: list[str] = field(default_factory=list)

    def as_person(self, username: str, step: str) -> None:
        """Log in (typed, counted as a login) and land on the to-do page."""
        if self.logins:
            log_out(self.page)
        self.logins += 1
        self.step = step
        log_in(self.page, username)
        expect(self.page.get_by_test_id("landing-title")).to_have_text("Việc cần làm")

    def click(self, target: Locator, navigates: bool = True) -> None:
        self.clicks[self.step] = self.clicks.get(self.step, 0) + 1
        if navigates:
            with self.page.expect_navigation():
                target.click()
        else:
            target.click()

    def choose_file(self, target: Locator, name: str, mime: str, content: bytes) -> None:
        self.clicks[self.step] = self.clicks.get(self.step, 0) + 1
        target.set_input_files({"name": name, "mimeType": mime, "buffer": content})

    def confirm(self, words: str) -> None:
        """The confirmation page of an irreversible step: it says what will happen; go on."""
        expect(self.page.get_by_test_id("confirmation")).to_contain_text(words)
        self.click(self.page.get_by_test_id("confirm-form").get_by_role("button"))

    def accessible(self, what: str) -> None:
        """No serious or critical axe-core violation on the page shown."""
        bad = serious_violations(self.page)
        assert not bad, f"{what} ({self.page.url}): {bad}"
        self.checked.append(what)

    @property
    def total(self) -> int:
        return sum(self.clicks.values())


def todo(page: Page, key: str) -> Locator:
    return page.get_by_test_id(f"todo-{key}")


def photograph_landing(page: Page, role: str) -> None:
    """The landing page as a person of this role sees it, at a laptop's and a phone's size."""
    if not os.environ.get("DOCS_SCREENSHOTS"):
        return
    DOCS.mkdir(exist_ok=True)
    for size, viewport in LANDING_SIZES.items():
        page.set_viewport_size(viewport)
        page.reload()
        page.screenshot(path=str(DOCS / f"landing-{role}-{size}.png"), full_page=False)
    page.set_viewport_size(LANDING_SIZES["1366x768"])
    page.reload()


def test_a_month_from_the_to_do_pages_alone(visit):
    walk = Walk(visit({"width": 1366, "height": 768}).page)
    page = walk.page

    # The office: January has findings and no letter; the draft is one button away.
    walk.as_person("vanphong", "office drafts and submits")
    walk.accessible("office landing page")
    photograph_landing(page, "office")
    months = todo(page, "months-to-draft")
    january = months.locator("li", has=page.locator('a[href$="period=2024-01"]'))
    walk.click(january.get_by_role("button", name=re.compile("^Soạn văn bản")))
    expect(page).to_have_url(re.compile(r"/directives/\d+/edit$"))
    walk.accessible("letter editor")
    letter_id = re.search(r"/directives/(\d+)/edit", page.url).group(1)
    walk.click(page.get_by_role("button", name="Lưu và trình ký"))
    expect(page.get_by_test_id("state-badge")).to_have_text("Chờ ký")

    # The chairman is told, and finds the letter first on the to-do page.
    walk.as_person("chutich", "leader signs")
    walk.accessible("leader landing page")
    photograph_landing(page, "leader")
    expect(page.locator(f'{MENU} a[data-entry="Thông báo"]')).to_have_accessible_name(
        re.compile(r"^Thông báo, \d+ chưa đọc$")
    )
    to_sign = todo(page, "to-sign").locator("li", has=page.locator(f'a[href$="/{letter_id}"]'))
    walk.click(to_sign.get_by_role("button", name=re.compile("^Ký và cấp số")))
    expect(page.get_by_test_id("confirmation-read")).to_have_attribute(
        "href", f"/directives/{letter_id}/pdf"
    )
    walk.confirm("sẽ được cấp số")
    expect(page.get_by_test_id("state-badge")).to_have_text(re.compile("Đã ký"))

    # The office: the signed letter waits to be issued, with the step beside it.
    walk.as_person("vanphong", "office issues")
    to_issue = todo(page, "to-issue")
    walk.click(to_issue.get_by_role("button", name=re.compile("^Ban hành")))
    walk.confirm("nhiệm vụ cho")
    expect(page.get_by_text(re.compile(r"đã giao \d+ nhiệm vụ cho \d+ đơn vị"))).to_be_visible()
    walk.accessible("tracking board")

    # Bửu Hòa: its task is on its to-do page, and its notification says so too.
    walk.as_person("buuhoa", "unit reports")
    walk.accessible("unit landing page")
    photograph_landing(page, "unit")
    own = todo(page, "own-tasks")
    expect(own.get_by_role("link")).not_to_have_count(0)
    notice = page.locator(f'{MENU} a[data-entry="Thông báo"]')
    expect(notice).to_have_accessible_name(re.compile(r"^Thông báo, \d+ chưa đọc$"))
    walk.click(own.get_by_role("link", name=re.compile(r"^Nhiệm vụ 1 ")).first)
    expect(page.get_by_test_id("task-state")).to_have_text("Chưa triển khai")
    walk.accessible("task page")
    task_url = page.url
    form = page.get_by_test_id("report-form")
    form.get_by_label("Kết quả thực hiện").fill("Đã rà soát, giải quyết đúng hạn toàn bộ hồ sơ.")
    walk.choose_file(
        form.get_by_label(re.compile("Tệp minh chứng")), "bao-cao.pdf", "application/pdf", PDF
    )
    walk.click(form.get_by_role("button", name="Gửi báo cáo"))
    expect(page.get_by_test_id("task-state")).to_have_text("Chờ xác nhận")

    # Tân Tiến has three tasks of the letter: its notification opens one report for all of them.
    walk.as_person("tantien", "unit with 3 tasks reports")
    walk.click(page.locator(f'{MENU} a[data-entry="Thông báo"]'))
    walk.click(
        page.get_by_test_id("notifications").get_by_role("link", name=re.compile("giao 3 nhiệm vụ"))
    )
    several = page.get_by_test_id("unit-report")
    expect(several.locator('input[name="task"]:checked')).to_have_count(3)
    several.get_by_label(re.compile("^Kết quả thực hiện")).fill(
        "Đã chấn chỉnh, họp rút kinh nghiệm."
    )
    several.get_by_label(re.compile("^Mức độ hoàn thành")).fill("100")
    walk.choose_file(
        several.get_by_label(re.compile("Tệp minh chứng")), "bien-ban.pdf", "application/pdf", PDF
    )
    walk.click(several.get_by_role("button", name="Gửi báo cáo"))
    expect(page.get_by_text("Đã gửi 3 báo cáo, chờ lãnh đạo xác nhận.")).to_be_visible()

    # The chairman: the report waits on the to-do page, its words shown; he accepts it there.
    walk.as_person("chutich", "leader decides the report")
    reports = todo(page, "reports-to-decide")
    report = reports.locator("li", has=page.locator(f'a[href$="{urlsplit(task_url).path}"]'))
    expect(report).to_contain_text("Đã rà soát, giải quyết đúng hạn toàn bộ hồ sơ.")
    expect(report).to_contain_text("1 tệp minh chứng")
    walk.click(report.get_by_role("button", name=re.compile("^Đạt")))
    expect(page.get_by_test_id("task-state")).to_have_text("Hoàn thành")

    # The office imports February through the menu.
    walk.as_person("vanphong", "office imports the next month")
    walk.click(page.locator(f'{MENU} a[data-entry="Nhập số liệu"]'))
    expect(page.get_by_label("Loại dữ liệu")).to_have_value("dossiers")  # the default
    walk.choose_file(
        page.get_by_label(re.compile("Tệp")), "ho-so-t2.csv", "text/csv", february_dossiers()
    )
    walk.click(page.get_by_role("button", name=re.compile("Nhập")))
    expect(page.get_by_test_id("import-summary")).to_be_visible()

    # The chairman confirms, at once, the tasks February's figures show as met.
    walk.as_person("chutich", "leader confirms the month")
    met = todo(page, "to-confirm")
    expect(met).to_contain_text("Bửu Hòa")
    expect(met.locator('input[name="task"]:checked')).not_to_have_count(0)
    walk.click(met.get_by_role("button", name="Xác nhận đạt các nhiệm vụ đã chọn"))
    expect(page.get_by_text(re.compile(r"Đã xác nhận đạt \d+ nhiệm vụ"))).to_be_visible()
    page.locator(f'{MENU} a[data-entry="Việc cần làm"]').click()
    expect(todo(page, "to-confirm")).to_have_count(0)

    # The administrator's landing page, checked like the others.
    walk.as_person("admin", "admin")
    walk.accessible("admin landing page")
    photograph_landing(page, "admin")

    several_tasks = walk.clicks.pop("unit with 3 tasks reports")
    report = ", ".join(f"{step}: {count}" for step, count in walk.clicks.items())
    print(
        f"\nclicks for one task's month: {walk.total} ({report}); logins: {walk.logins - 2}"
        f" (and the administrator's); a unit reporting on its 3 tasks: {several_tasks}"
    )
    assert walk.total <= 14, report
    assert several_tasks <= 4
    assert len(walk.checked) == 7
