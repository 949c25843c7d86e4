"""Choosing an assignment's units in the letter editor, in a real browser: filter without
accents, tick, choose a whole group, a stray click, undo, save, reload."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import PHONE
from tests.e2e.test_login_landing import log_in

pytestmark = pytest.mark.e2e

WARDS = 29  # the demo city's wards; Hiệp Hòa is its one commune
# Set to a folder to keep pictures of the checklists for review.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "")


def shoot(part: Locator, name: str) -> None:
    """Keep a picture of one part of the page, when SCREENSHOT_DIR asks for it."""
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        part.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"))


def open_new_draft(page: Page) -> None:
    log_in(page, "vanphong")
    page.goto("/stats?period=2024-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Soạn văn bản").click()
    assert re.search(r"/directives/\d+/edit$", page.url), page.url


def group(picker: Locator, name: str) -> Locator:
    return picker.get_by_role("group", name=re.compile(f"^{name} "))


def ticked(box: Locator) -> list[str]:
    return box.locator("input[type=checkbox]:checked").evaluate_all(
        "boxes => boxes.map(box => box.value)"
    )


def test_the_office_chooses_units_from_a_grouped_checklist_and_keeps_them(visit):
    page = visit().page
    open_new_draft(page)
    lead = page.locator("#assignments-0-lead_unit_codes")
    support = page.locator("#assignments-0-supporting_unit_codes")
    # Groups in the order departments, wards, commune.
    legends = lead.locator("fieldset.unit-group > legend").all_text_contents()
    assert [re.sub(r"\s*\(.*", "", text.strip()) for text in legends] == [
        "Phòng ban chuyên môn",
        "Phường",
        "Xã",
    ]
    # No ward may support what it leads: clear the supporting list's wards and commune.
    for name in ("Phường", "Xã"):
        group(support, name).get_by_role("button", name="Bỏ chọn cả nhóm", exact=True).click()
    assert not [code for code in ticked(support) if code not in {"VP", "QLDT", "NV", "VHTT"}]
    wards = group(lead, "Phường")
    before = ticked(lead)

    # Filtering ignores accents and hides the others without unticking them.
    search = lead.get_by_label("Tìm đơn vị trong danh sách")
    search.fill("tan tien")
    expect(lead.get_by_label("UBND phường Tân Tiến", exact=True)).to_be_visible()
    expect(lead.get_by_label("UBND phường Tân Mai", exact=True)).to_be_hidden()
    expect(group(lead, "Phòng ban chuyên môn")).to_be_hidden()
    search.fill("tan")
    for name in ("Tân Biên", "Tân Hạnh", "Long Bình Tân", "Phước Tân"):
        expect(lead.get_by_label(f"UBND phường {name}", exact=True)).to_be_visible()
    expect(lead.get_by_label("UBND phường An Bình", exact=True)).to_be_hidden()
    lead.get_by_label("UBND phường Tân Tiến", exact=True).check()
    lead.get_by_label("UBND phường Phước Tân", exact=True).check()
    shoot(page.get_by_test_id("assignment").first, "unit-checklist-filtered")
    assert set(before) <= set(ticked(lead))
    search.fill("")
    expect(lead.get_by_label("UBND phường An Bình", exact=True)).to_be_visible()
    assert set(ticked(lead)) == set(before) | {"TANTIEN", "PHUOCTAN"}

    # The whole group in one click, counted and announced.
    wards.get_by_role("button", name="Chọn cả nhóm", exact=True).click()
    assert len(ticked(wards)) == WARDS
    expect(wards.locator("legend")).to_contain_text(f"(đã chọn {WARDS}/{WARDS})")
    total = lead.locator("[data-picker-total]")
    expect(total).to_have_attribute("aria-live", "polite")
    expect(total).to_contain_text(f"Phường {WARDS}")

    # A stray click, without Ctrl, toggles that one unit only.
    lead.get_by_text("UBND phường Tân Hòa", exact=True).click()
    assert len(ticked(wards)) == WARDS - 1 and "TANHOA" not in ticked(wards)
    expect(wards.locator("legend")).to_contain_text(f"(đã chọn {WARDS - 1}/{WARDS})")

    # Clearing the whole group can be undone.
    wards.get_by_role("button", name="Bỏ chọn cả nhóm", exact=True).click()
    assert ticked(wards) == []
    lead.get_by_role("button", name=f"Hoàn tác: chọn lại {WARDS - 1} đơn vị vừa bỏ chọn").click()
    kept = ticked(lead)
    assert len(ticked(wards)) == WARDS - 1 and "TANHOA" not in kept

    with page.expect_navigation():
        page.locator("#save-top").click()
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    page.reload()
    lead = page.locator("#assignments-0-lead_unit_codes")
    assert sorted(ticked(lead)) == sorted(kept)
    expect(group(lead, "Phường").locator("legend")).to_contain_text(
        f"(đã chọn {WARDS - 1}/{WARDS})"
    )


def test_full_unit_names_wrap_on_a_phone(visit):
    page = visit(PHONE).page
    open_new_draft(page)
    labels = page.locator("#assignments-0-lead_unit_codes .unit-checklist label")
    assert labels.count() == WARDS + 1 + 4
    cut = labels.evaluate_all(
        "labels => labels.filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)"
    )
    assert cut == []
    expect(labels.filter(has_text="Phòng Văn hóa và Thông tin thành phố")).to_be_visible()
    shoot(page.locator("#assignments-0-lead_unit_codes"), "unit-checklist-phone")
