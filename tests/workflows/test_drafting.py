"""Drafting a letter's content from findings, on the model of letter 1522/UBND-THNC."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from workflows.errors import Conflict, InvalidInput
from workflows.letters.draft_types import DraftRequest, EarlierLetter, UnitInfo
from workflows.letters.drafting import (
    NOTICE_COLUMNS,
    base_subject,
    draft_letter,
    overdue_series,
)
from workflows.letters.grounds import GroundCitation, GroundKind, grounds_clause, with_grounds
from workflows.letters.naming import Units, count_text, rate_text, threshold_text
from workflows.rules.figures import MonthFigures
from workflows.rules.findings import CityMonth, Finding, Rule

PERIOD = "2024-01"
DRAFTED_ON = date(2024, 1, 24)


def demo_units() -> list[tuple[str, str, str]]:
    """Return the units of letter 1522's city, from the demo's data file, read without the app."""
    path = Path(__file__).resolve().parents[2] / "webapp" / "demo" / "city.py"
    spec = importlib.util.spec_from_file_location("demo_city_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.units()


CITY = [UnitInfo(code, name, kind) for code, name, kind in demo_units()]
RATE, CLOSED, COMPLAINTS, PENDING = (
    Rule.RATE_BELOW_THRESHOLD,
    Rule.CLOSED_LATE_IN_SOFTWARE,
    Rule.COMPLAINTS,
    Rule.PENDING_OVERDUE,
)
# The letter's three groups, in its own order, with Tam Phước failing for the third month.
LETTER_GROUPS = {
    RATE: ["TAMPHUOC", "TANTIEN", "BUUHOA", "PHUOCTAN"],
    CLOSED: [
        "ANBINH",
        "BUUHOA",
        "HONAI",
        "HOAAN",
        "HIEPHOA",
        "LONGBINH",
        "QUANGVINH",
        "TANBIEN",
        "TANHOA",
        "TANTIEN",
        "PHUOCTAN",
        "LONGHUNG",
    ],
    COMPLAINTS: ["ANBINH", "TANBIEN", "PHUOCTAN", "TAMPHUOC", "TRANGDAI"],
}
REPEATS = {("TAMPHUOC", RATE): 3, ("BUUHOA", CLOSED): 4}


def finding(code: str, rule: Rule, repeats: int = 1, value: float = 1.0) -> Finding:
    threshold = 97.0 if rule == RATE else 0.0
    return Finding(PERIOD, code, rule, value, threshold, repeats)


LETTER_FINDINGS = [
    finding(code, rule, REPEATS.get((code, rule), 1), 95.0 if rule == RATE else 2)
    for rule, codes in LETTER_GROUPS.items()
    for code in codes
]
SERIES = [
    CityMonth("2023-11", 900, 870, 20, 4, 10, 3),
    CityMonth("2023-12", 950, 910, 21, 5, 12, 4),
    CityMonth("2024-01", 1000, 950, 30, 0, 15, 5),
]


def request(kind: str = "directive", **changes) -> DraftRequest:
    base = DraftRequest(
        kind=kind,
        period=PERIOD,
        findings=LETTER_FINDINGS,
        units=CITY,
        drafted_on=DRAFTED_ON,
        figures=[MonthFigures(u.code, PERIOD, 10, 10) for u in CITY if u.kind != "department"],
        city=SERIES,
    )
    return replace(base, **changes)


def by_heading(letter, start: str):
    matches = [a for a in letter.assignments if a.heading.startswith(start)]
    assert len(matches) == 1, [a.heading for a in letter.assignments]
    return matches[0]


def test_directive_subject_addressees_lead_in_and_recipients():
    letter = draft_letter(request())

    assert letter.kind == "directive"
    assert letter.subject == (
        "kết quả giải quyết hồ sơ thủ tục hành chính tháng 01/2024 và chấn chỉnh công tác "
        "giải quyết thủ tục hành chính"
    )
    assert letter.addressees == (
        "Phòng Văn hóa và Thông tin thành phố",
        "Phòng Nội vụ thành phố",
        "UBND các phường, xã",
    )
    assert letter.lead_in == "Chủ tịch UBND thành phố chỉ đạo như sau:"
    assert letter.recipients == ("Chủ tịch, các PCT UBND TP", "Chánh, các Phó Văn phòng")
    assert letter.table is None
    assert letter.closing[-1].endswith("để xử lý./.")
    assert (
        "đồng gửi Phòng Nội vụ thành phố, Phòng Văn hóa và Thông tin thành phố"
        in (letter.closing[-1])
    )


def test_directive_opening_names_the_units_of_each_group_like_the_letter():
    opening = draft_letter(request()).opening[0]

    assert opening.startswith(
        "Căn cứ kết quả giải quyết thủ tục hành chính tháng 01/2024 trên Hệ thống thông tin"
    )
    assert "tại UBND 30 phường, xã," in opening
    assert (
        "chưa đảm bảo như Tam Phước, Tân Tiến, Bửu Hòa, Phước Tân (có tỷ lệ giải quyết dưới 97%); "
        "vẫn còn tình trạng công chức quên bấm kết thúc hồ sơ dẫn đến trễ hạn trên phần mềm như "
        "(An Bình, Bửu Hòa, Hố Nai, Hóa An, Hiệp Hòa, Long Bình, Quang Vinh, Tân Biên, Tân Hòa, "
        "Tân Tiến, Phước Tân, Long Hưng); một số đơn vị có công chức bị phản ánh trên Cổng dịch vụ "
        "công quốc gia, Tổng đài 1022 liên quan đến giải quyết thủ tục hành chính (An Bình, Tân "
        "Biên, Phước Tân, Tam Phước, Trảng Dài)."
    ) in opening


PLAN = GroundCitation(
    GroundKind.PLAN,
    "394/KH-UBND",
    date(2024, 1, 8),
    "UBND thành phố",
    "về kiểm tra công tác cải cách hành chính, kiểm soát thủ tục hành chính năm 2024",
)
PROPOSAL = GroundCitation(
    GroundKind.PROPOSAL, "12/TTr-VP", date(2024, 1, 20), "Văn phòng HĐND và UBND thành phố", ""
)


def test_grounds_with_number_and_date_open_the_letter():
    opening = draft_letter(request(grounds=(PLAN,))).opening[0]
    both = draft_letter(request(grounds=(PLAN, PROPOSAL))).opening[0]
    none = draft_letter(request()).opening[0]

    assert opening.startswith(
        "Căn cứ Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành phố về kiểm tra công tác "
        "cải cách hành chính, kiểm soát thủ tục hành chính năm 2024; qua xem xét báo cáo kết quả "
        "giải quyết thủ tục hành chính tháng 01/2024 tại UBND 30 phường, xã, ghi nhận"
    )
    assert both.startswith(
        "Căn cứ Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành phố về kiểm tra công tác "
        "cải cách hành chính, kiểm soát thủ tục hành chính năm 2024; Tờ trình số 12/TTr-VP ngày "
        "20/01/2024 của Văn phòng HĐND và UBND thành phố; qua xem xét"
    )
    assert none.startswith(
        "Căn cứ kết quả giải quyết thủ tục hành chính tháng 01/2024 trên Hệ thống thông tin giải "
        "quyết thủ tục hành chính; qua xem xét"
    )


def test_changing_the_grounds_rewrites_only_the_clause_before_the_review():
    opening = list(draft_letter(request(grounds=(PLAN,))).opening)

    changed = with_grounds(opening, grounds_clause((PROPOSAL,), PERIOD))

    assert changed[0].startswith("Căn cứ Tờ trình số 12/TTr-VP ngày 20/01/2024 của Văn phòng")
    assert changed[0].endswith(opening[0][opening[0].index("; qua xem xét") :])
    assert changed[1:] == opening[1:]
    rewritten = with_grounds(["Đoạn do Văn phòng viết lại."], grounds_clause((PLAN,), PERIOD))
    assert rewritten[0].startswith("Căn cứ Kế hoạch số 394/KH-UBND") and rewritten[0].endswith(";")


def test_the_opening_says_where_the_figures_come_from():
    everyone = [MonthFigures(u.code, PERIOD, 10, 10) for u in CITY]
    departments = [MonthFigures(u.code, PERIOD, 10, 10) for u in CITY if u.kind == "department"]

    assert (
        "tại các cơ quan, đơn vị và UBND 30 phường, xã,"
        in (draft_letter(request(figures=everyone)).opening[0])
    )
    assert "tại các cơ quan, đơn vị," in draft_letter(request(figures=departments)).opening[0]


def test_the_city_overdue_series_is_quoted_from_two_months():
    letter = draft_letter(request())

    assert letter.opening[1].endswith(
        "cụ thể: tháng 11/2023 có 24 hồ sơ quá hạn, tháng 12/2023 có 26 hồ sơ quá hạn và "
        "tháng 01/2024 có 30 hồ sơ quá hạn."
    )
    assert len(draft_letter(request(city=SERIES[-1:])).opening) == 1
    assert len(draft_letter(request(city=[])).opening) == 1


def test_overdue_series_pads_small_counts_and_ignores_later_months():
    months = [
        CityMonth("2023-08", 0, 0, 1, 0, 0, 0),
        CityMonth("2023-09", 0, 0, 30, 6, 0, 0),
        CityMonth("2023-10", 0, 0, 42, 0, 0, 0),
        CityMonth("2023-11", 0, 0, 50, 5, 0, 0),
        CityMonth("2023-12", 0, 0, 99, 0, 0, 0),
    ]

    assert overdue_series(months, "2023-11") == (
        "tháng 08/2023 có 01 hồ sơ quá hạn, tháng 09/2023 có 36 hồ sơ quá hạn, "
        "tháng 10/2023 có 42 hồ sơ quá hạn và tháng 11/2023 có 55 hồ sơ quá hạn"
    )
    assert overdue_series(months, "2023-08") == ""


def test_assignments_follow_the_letters_groups_with_their_units_as_leads():
    letter = draft_letter(request())

    rate = letter.assignments[0]
    assert rate.heading == (
        "Đối với các đơn vị có tỷ lệ giải quyết hồ sơ dưới 97% (Tam Phước, Tân Tiến, Bửu Hòa, "
        "Phước Tân)"
    )
    assert rate.text.startswith(
        "Tập trung chỉ đạo, rà soát nguyên nhân, triển khai các giải pháp để thực hiện đảm bảo "
        "đạt tỷ lệ từ 97% trở lên"
    )
    assert rate.criterion == {"figure": "on_time_rate", "op": ">=", "value": 97.0}
    closed = letter.assignments[1]
    # Not every unit of the group failed twice in the window: no "thường xuyên".
    assert closed.heading.startswith("Đối với các đơn vị quên thao tác kết thúc hồ sơ (")
    assert "trường hợp tái phạm từ 03 lần trở lên phải có biện pháp xử lý" in closed.text
    assert closed.criterion == {"figure": "closed_late_in_software", "op": "==", "value": 0}
    complaints = letter.assignments[2]
    assert complaints.heading.startswith("Đối với các đơn vị có công chức bị phản ánh")
    for assignment, rule in zip(letter.assignments[:3], LETTER_GROUPS, strict=True):
        assert list(assignment.lead_unit_codes) == LETTER_GROUPS[rule]
        assert assignment.supporting_unit_codes == ()
        assert assignment.deadline == date(2024, 2, 8)


def test_repeat_offenders_get_the_disciplinary_sentence():
    letter = draft_letter(request())

    rate, closed, complaints = letter.assignments[:3]
    assert (
        "Riêng đơn vị Tam Phước (03 lần trong 12 tháng) đã tái phạm từ 03 lần trở lên phải có biện "
        "pháp xử lý"
    ) in rate.text
    assert (
        "Riêng đơn vị Bửu Hòa (04 lần trong 12 tháng) đã tái phạm từ 03 lần trở lên" in closed.text
    )
    assert "Riêng" not in complaints.text
    # Not every unit under 97 % repeats: the letter does not say it was ordered many times.
    assert "đã chỉ đạo nhiều lần" not in rate.text


def test_no_earlier_letter_in_the_register_no_history_clause():
    findings = [finding(code, RATE, 3) for code in LETTER_GROUPS[RATE]]

    rate = draft_letter(request(findings=findings)).assignments[0]

    assert "đã chỉ đạo" not in rate.text and "nhiều lần" not in rate.text
    assert (
        "Riêng các đơn vị Tam Phước (03 lần trong 12 tháng), Tân Tiến (03 lần trong 12 tháng)"
        in (rate.text)
    )


def test_the_history_clause_cites_the_letters_that_named_the_units_before():
    first = EarlierLetter("03/UBND-VP", date(2023, 12, 22), "kết quả tháng 11/2023")
    second = EarlierLetter("01/UBND-VP", date(2024, 1, 5), "kết quả tháng 12/2023")
    named = {
        (code, RATE.value): [first, second] if code == "TAMPHUOC" else [second]
        for code in LETTER_GROUPS[RATE]
    }
    only_two = {key: letters for key, letters in named.items() if key[0] in ("TAMPHUOC", "BUUHOA")}

    everyone = draft_letter(request(directed_before=named)).assignments[0]
    some = draft_letter(request(directed_before=only_two)).assignments[0]
    other_rule = draft_letter(request(directed_before={("ANBINH", RATE.value): [first]}))

    assert (
        "(nội dung này UBND thành phố đã chỉ đạo tại Văn bản số 03/UBND-VP ngày 22/12/2023, "
        "Văn bản số 01/UBND-VP ngày 05/01/2024 nhưng chưa khắc phục)." in everyone.text
    )
    assert "(đối với Tam Phước, Bửu Hòa, nội dung này UBND thành phố đã chỉ đạo tại" in some.text
    # An Bình was named about its rate, but this month's group about it is another finding.
    assert all("đã chỉ đạo" not in a.text for a in other_rule.assignments)


def test_often_is_said_only_of_a_group_failing_twice_or_more():
    twice = [finding(code, CLOSED, 2) for code in ("ANBINH", "BUUHOA")]
    once = [finding("ANBINH", CLOSED, 2), finding("BUUHOA", CLOSED, 1)]

    assert (
        draft_letter(request(findings=twice))
        .assignments[0]
        .heading.startswith("Đối với các đơn vị thường xuyên quên thao tác kết thúc hồ sơ")
    )
    assert (
        draft_letter(request(findings=once))
        .assignments[0]
        .heading.startswith("Đối với các đơn vị quên thao tác kết thúc hồ sơ")
    )


def test_pending_overdue_gets_its_own_group():
    letter = draft_letter(request(findings=[finding("BINHDA", PENDING, 1, 3)]))

    pending = letter.assignments[0]
    assert pending.heading == "Đối với các đơn vị còn hồ sơ quá hạn chưa giải quyết (Bình Đa)"
    assert pending.lead_unit_codes == ("BINHDA",)
    assert pending.criterion == {"figure": "pending_overdue", "op": "==", "value": 0}


def test_every_ward_and_the_departments_get_their_assignments():
    letter = draft_letter(request())

    wards = by_heading(letter, "Giao Chủ tịch UBND 30 phường, xã")
    assert len(wards.lead_unit_codes) == 30
    assert "VP" not in wards.lead_unit_codes
    assert "xin lỗi người dân" in wards.text
    software = by_heading(letter, "Giao Phòng Văn hóa và Thông tin thành phố")
    assert software.lead_unit_codes == ("VHTT",)
    assert "lỗi hệ thống, lỗi phần mềm" in software.text
    follow_up = by_heading(letter, "Giao Phòng Nội vụ thành phố")
    assert follow_up.lead_unit_codes == ("NV",)
    assert "đánh giá mức độ hoàn thành công vụ năm 2024." in follow_up.text
    # Guidance and monitoring go on: no invented deadline, "thường xuyên" instead.
    for ongoing in (wards, software, follow_up):
        assert ongoing.deadline is None
        assert ongoing.text.endswith("Thời gian thực hiện: thường xuyên.")
    assert [a.heading.split(" (")[0] for a in letter.assignments[3:]] == [
        "Giao Chủ tịch UBND 30 phường, xã",
        "Giao Phòng Văn hóa và Thông tin thành phố",
        "Giao Phòng Nội vụ thành phố",
    ]


def test_departments_are_found_by_name_and_left_out_when_missing():
    units = [
        UnitInfo("PNV", "Phòng Nội Vụ quận", "department"),
        UnitInfo("P1", "UBND phường 1", "ward"),
    ]

    letter = draft_letter(request(units=units, findings=[], level="quận"))

    assert [a.heading for a in letter.assignments] == [
        "Giao Chủ tịch UBND 1 phường",
        "Giao Phòng Nội Vụ quận",
    ]
    assert letter.addressees == ("Phòng Nội Vụ quận", "UBND các phường")
    assert letter.lead_in == "Chủ tịch UBND quận chỉ đạo như sau:"
    assert letter.recipients[0] == "Chủ tịch, các PCT UBND quận"
    assert "đồng gửi Phòng Nội Vụ quận để xử lý./." in letter.closing[0]


def test_a_month_without_findings_still_drafts_the_general_assignments():
    letter = draft_letter(request(findings=[]))

    assert "không có đơn vị nào vi phạm" in letter.opening[0]
    assert letter.assignments[0].heading == "Giao Chủ tịch UBND 30 phường, xã"


def test_the_deadline_is_configurable():
    letter = draft_letter(request(deadline_days=7))

    # The fixes the findings call for have the deadline; the ongoing assignments have none.
    assert {a.deadline for a in letter.assignments[:3]} == {date(2024, 1, 31)}
    assert {a.deadline for a in letter.assignments[3:]} == {None}


def test_a_reminder_goes_to_the_failing_units_and_cites_the_earlier_letter():
    earlier = EarlierLetter("01/UBND-VP", date(2023, 12, 20), "V/v chấn chỉnh công tác TTHC")

    letter = draft_letter(request("reminder", earlier=earlier))

    assert letter.subject == f"{base_subject(PERIOD)} và đôn đốc khắc phục tồn tại"
    failing = dict.fromkeys(f.unit_code for f in LETTER_FINDINGS)
    assert len(letter.addressees) == len(failing)
    assert letter.addressees[0] == "UBND phường Tam Phước"
    assert "UBND xã Hiệp Hòa" in letter.addressees
    assert letter.opening == (
        "Thực hiện Văn bản số 01/UBND-VP ngày 20/12/2023 của UBND thành phố về việc chấn chỉnh "
        "công tác TTHC; qua theo dõi kết quả giải quyết thủ tục hành chính tháng 01/2024, một số "
        "đơn vị vẫn chưa khắc phục các tồn tại, cụ thể: tỷ lệ giải quyết hồ sơ đúng hạn dưới 97% "
        "(Tam Phước, Tân Tiến, Bửu Hòa, Phước Tân); quên bấm kết thúc hồ sơ trên phần mềm (An "
        "Bình, Bửu Hòa, Hố Nai, Hóa An, Hiệp Hòa, Long Bình, Quang Vinh, Tân Biên, Tân Hòa, Tân "
        "Tiến, Phước Tân, Long Hưng); có công chức bị phản ánh, kiến nghị (An Bình, Tân Biên, "
        "Phước Tân, Tam Phước, Trảng Dài).",
    )
    assert len(letter.assignments) == 3
    assert all("Văn bản số 01/UBND-VP" in a.text for a in letter.assignments)
    assert [list(a.lead_unit_codes) for a in letter.assignments] == list(LETTER_GROUPS.values())


def test_a_reminder_without_an_earlier_letter_and_without_failing_units():
    letter = draft_letter(request("reminder"))

    assert letter.opening[0].startswith("Qua theo dõi kết quả giải quyết thủ tục hành chính")
    with pytest.raises(Conflict, match="không có đơn vị nào chưa đạt"):
        draft_letter(request("reminder", findings=[]))


def test_a_criticism_names_only_the_units_repeating_three_times():
    letter = draft_letter(request("criticism"))

    assert letter.addressees == ("UBND phường Tam Phước", "UBND phường Bửu Hòa")
    assert letter.assignments[0].lead_unit_codes == ("TAMPHUOC", "BUUHOA")
    assert letter.assignments[0].heading == "Đối với các đơn vị bị phê bình (Tam Phước, Bửu Hòa)"
    assert "tái phạm từ 03 lần trở lên phải có biện pháp xử lý" in letter.assignments[0].text
    assert letter.assignments[1].lead_unit_codes == ("NV",)
    assert (
        "cụ thể: Tam Phước (tỷ lệ giải quyết hồ sơ đúng hạn dưới 97%: 03 lần); Bửu Hòa (quên "
        "bấm kết thúc hồ sơ trên phần mềm: 04 lần)."
    ) in letter.opening[0]
    assert letter.lead_in.startswith("Chủ tịch UBND thành phố phê bình")
    with pytest.raises(Conflict, match="tái phạm từ 03 lần"):
        draft_letter(request("criticism", findings=[finding("ANBINH", CLOSED, 2)]))


def test_a_notice_lists_every_units_figures_with_its_rate():
    figures = [
        MonthFigures("ANBINH", PERIOD, 1234, 1097, 41, 0, 2, 3, 1),
        MonthFigures("BUUHOA", PERIOD, 5, 0, 0, 5),
        MonthFigures("NV", PERIOD, 12, 12, 0),
    ]

    letter = draft_letter(request("notice", figures=figures))

    assert letter.subject == base_subject(PERIOD)
    assert letter.assignments == ()
    assert letter.table == {
        "columns": list(NOTICE_COLUMNS),
        "rows": [
            ["1", "UBND phường An Bình", "1.234", "1.097", "41", "2", "3", "1", "96,40"],
            ["2", "UBND phường Bửu Hòa", "5", "0", "0", "0", "0", "0", "—"],
            ["3", "Phòng Nội vụ thành phố", "12", "12", "0", "0", "0", "0", "100,00"],
        ],
    }
    assert letter.addressees == ("Các cơ quan, đơn vị thuộc UBND thành phố", "UBND các phường, xã")
    assert (
        "toàn thành phố tiếp nhận 1.251 hồ sơ; đã giải quyết 1.150 hồ sơ, trong đó đúng hạn "
        "1.109 hồ sơ, quá hạn 41 hồ sơ (tỷ lệ giải quyết đúng hạn 96,43%)"
    ) in letter.opening[1]
    assert letter.opening[2].startswith("Các đơn vị chưa đạt yêu cầu: tỷ lệ giải quyết")
    with pytest.raises(Conflict):
        draft_letter(request("notice", figures=[]))


@pytest.mark.parametrize("kind", ["apology", "memo", ""])
def test_kinds_not_drafted_from_findings_are_refused(kind):
    with pytest.raises(InvalidInput) as refused:
        draft_letter(request(kind))

    assert refused.value.details[0]["field"] == "kind"


def test_names_counts_and_rates_are_written_the_vietnamese_way():
    units = Units(
        [
            UnitInfo("HIEPHOA", "UBND xã Hiệp Hòa", "commune"),
            UnitInfo("TT", "UBND thị trấn Trảng Bom", "ward"),
            UnitInfo("QLDT", "Phòng Quản lý đô thị thành phố", "department"),
        ],
        "thành phố",
    )

    assert [units.short(code) for code in ("HIEPHOA", "TT", "QLDT", "UNKNOWN")] == [
        "Hiệp Hòa",
        "Trảng Bom",
        "Phòng Quản lý đô thị thành phố",
        "UNKNOWN",
    ]
    assert units.local_scope == "UBND 2 phường, xã"
    assert [count_text(n) for n in (0, 5, 10, 1234)] == ["0", "05", "10", "1.234"]
    assert count_text(5, pad=False) == "5"
    assert [rate_text(r) for r in (96.4123, 100.0, None)] == ["96,41", "100,00", "—"]
    assert [threshold_text(t) for t in (97.0, 96.5)] == ["97", "96,5"]
