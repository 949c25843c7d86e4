"""Vietnamese alphabetical order: the sort key against the order ICU's "vi-x-icu" gives."""

import unicodedata

from workflows.letters.draft_types import UnitInfo
from workflows.letters.naming import Units, in_letter_order, names_of
from workflows.rules.findings import Finding, Rule
from workflows.vietnamese_order import compare, vietnamese_key, vietnamese_sorted

# Names byte order (and Python's sorted()) puts wrongly, in the order PostgreSQL 15 gives them
# with ORDER BY name COLLATE "vi-x-icu".
NAMES_IN_ORDER = [
    "Dĩ An",
    "Đông Hòa",
    "Ô Chợ Dừa",
    "Ông Ích Khiêm",
    "Tân Biên",
    "Tân Hạnh",
    "Tân Hòa",
    "Trảng Dài",
    "Trung Dũng",
]

# Letters, tones and case in the order "vi-x-icu" gives.
LETTERS_IN_ORDER = [
    "a", "à", "ả", "ã", "á", "ạ", "ă", "â", "b", "d", "da", "Dà", "đ", "Đa",
    "o", "ô", "ơ", "u", "Uy", "ư", "ư a",
]  # fmt: skip

# Punctuation, digits and spaces, in the order "vi-x-icu" gives.
MIXED_IN_ORDER = [
    "(a)",
    "1",
    "a b",
    "a-b",
    "a–b",
    "ab",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Tài chính – Kế hoạch",
    "Phòng Tài chính-Kế hoạch",
    "Phường 1",
    "Phường 10",
    "Phường 2",
    "ubnd",
    "Ubnd",
    "UBND",
    "UBND phường B",
    "UBND xã A",
]


def test_byte_order_gets_these_names_wrong():
    assert sorted(NAMES_IN_ORDER) != NAMES_IN_ORDER


def test_names_sort_in_vietnamese_order():
    assert vietnamese_sorted(reversed(NAMES_IN_ORDER)) == NAMES_IN_ORDER
    assert sorted(NAMES_IN_ORDER[::-1], key=vietnamese_key) == NAMES_IN_ORDER


def test_letters_come_first_tones_second_case_last():
    assert sorted(LETTERS_IN_ORDER[::-1], key=vietnamese_key) == LETTERS_IN_ORDER


def test_spaces_and_punctuation_before_digits_before_letters():
    assert sorted(MIXED_IN_ORDER[::-1], key=vietnamese_key) == MIXED_IN_ORDER


def test_decomposed_text_sorts_with_its_composed_form():
    decomposed = [unicodedata.normalize("NFD", name) for name in NAMES_IN_ORDER]
    mixed = [
        d if i % 2 else n for i, (n, d) in enumerate(zip(NAMES_IN_ORDER, decomposed, strict=True))
    ]
    assert sorted(mixed[::-1], key=vietnamese_key) == mixed
    # Equal on every level, ordered by their bytes as PostgreSQL breaks the tie.
    composed, split = "Tân Hạnh", unicodedata.normalize("NFD", "Tân Hạnh")
    assert vietnamese_key(composed)[:3] == vietnamese_key(split)[:3]
    assert sorted([split, composed], key=vietnamese_key) == sorted(
        [split, composed], key=str.encode
    )


def test_a_dot_below_written_before_the_breve_still_makes_the_letter_a_breve():
    # NFD writes "ặ" as a, dot below, breve: it is "ă" with a tone, after every "a".
    assert vietnamese_sorted(["ặ", "ạb", "az", "ă"]) == ["ạb", "az", "ă", "ặ"]


def test_compare_answers_like_a_collation():
    assert compare("Tân Hạnh", "Tân Hòa") == -1
    assert compare("Tân Hòa", "Tân Hạnh") == 1
    assert compare("Tân Hòa", "Tân Hòa") == 0


def test_sorted_by_a_key_of_the_items():
    units = [("HOA", "Tân Hòa"), ("HANH", "Tân Hạnh"), ("NONE", None)]
    assert [code for code, _ in vietnamese_sorted(units, key=lambda unit: unit[1])] == [
        "NONE",
        "HANH",
        "HOA",
    ]


def test_letters_list_departments_first_then_wards_and_communes_in_vietnamese_order():
    units = [
        UnitInfo("W1", "UBND phường Trung Dũng", "ward"),
        UnitInfo("W2", "UBND phường Trảng Dài", "ward"),
        UnitInfo("W3", "UBND xã Tân Hạnh", "commune"),
        UnitInfo("W4", "UBND phường Tân Hòa", "ward"),
        UnitInfo("D1", "Phòng Văn hóa và Thông tin", "department"),
        UnitInfo("D2", "Phòng Nội vụ", "department"),
    ]
    findings = [
        Finding("2024-01", unit.code, rule, 1, 0, 1)
        for rule in (Rule.COMPLAINTS, Rule.RATE_BELOW_THRESHOLD)
        for unit in units
    ]

    ordered = in_letter_order(findings, units)

    by_rule = [(f.rule, f.unit_code) for f in ordered]
    expected = ["D2", "D1", "W3", "W4", "W2", "W1"]
    assert by_rule == [(Rule.RATE_BELOW_THRESHOLD, code) for code in expected] + [
        (Rule.COMPLAINTS, code) for code in expected
    ]
    named = Units(units, "thành phố")
    assert names_of(named.ordered(["W1", "W3", "W2", "D1"]), named) == (
        "Phòng Văn hóa và Thông tin, Tân Hạnh, Trảng Dài, Trung Dũng"
    )
