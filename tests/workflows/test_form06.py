"""The official form's words: what each row under the header is, and the period above it."""

from __future__ import annotations

import pytest

from workflows.form06 import SECTION, SUBTOTAL, TOTAL, UNIT, period_of, row_kind


@pytest.mark.parametrize(
    ("stt", "name", "kind"),
    [
        ("1", "Phường Tân Tiến", UNIT),
        ("12", "Công an phường Tân Tiến", UNIT),  # numbered: a unit, whatever its name
        ("I", "Sở, ban, ngành", SECTION),
        ("II", "Cấp xã", SECTION),
        ("B", "Cấp huyện", SECTION),
        ("", "Cộng", SUBTOTAL),
        ("", "Cộng cấp xã", SUBTOTAL),
        ("", "Tổng cộng", TOTAL),
        ("", "TỔNG SỐ", TOTAL),
        ("", "Toàn thành phố", TOTAL),
        ("", "Phòng Tư pháp", UNIT),  # some offices number no row
    ],
)
def test_each_row_under_the_header_is_told_apart(stt, name, kind):
    assert row_kind(stt, name) == kind


@pytest.mark.parametrize(
    ("lines", "period"),
    [
        (["Kỳ báo cáo: Tháng 01 năm 2024"], "2024-01"),
        (["KY BAO CAO: THANG 2/2024"], "2024-02"),
        (["Từ ngày 01/02/2024 đến ngày 29/02/2024"], "2024-02"),
        (["Biểu số 06", "(Từ ngày 01/12/2023 đến ngày 31/12/2023)"], "2023-12"),
    ],
)
def test_the_period_is_read_from_the_lines_above_the_table(lines, period):
    assert period_of(lines) == (period, "")


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        (["Từ ngày 01/02/2024 đến ngày 28/02/2024"], "không trọn một tháng"),
        (["Tháng 13 năm 2024"], "tháng không có thật"),
        (["Từ ngày 30/02/2024 đến ngày 31/03/2024"], "ngày không có thật"),
        (["Quý I năm 2024"], "không thấy kỳ báo cáo"),
    ],
)
def test_a_period_that_is_no_whole_month_is_refused_with_its_reason(lines, why):
    period, reason = period_of(lines)
    assert period is None and why in reason
