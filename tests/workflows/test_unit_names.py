"""A unit is found by the name a report writes for it, after Vietnamese normalisation."""

from __future__ import annotations

import pytest

from workflows.unit_names import NamedUnit, UnitNames, alias_key, split_name

UNITS = [
    NamedUnit(1, "TANTIEN", "UBND phường Tân Tiến", "ward"),
    NamedUnit(2, "TANTIEN-XA", "UBND xã Tân Tiến", "commune"),
    NamedUnit(3, "BUUHOA", "UBND phường Bửu Hòa", "ward"),
    NamedUnit(4, "TUPHAP", "Phòng Tư pháp thành phố", "department"),
    NamedUnit(5, "TANHANH", "UBND xã Tân Hạnh", "commune"),
]


@pytest.mark.parametrize(
    ("written", "unit_id"),
    [
        ("UBND phường Tân Tiến", 1),
        ("Phường Tân Tiến", 1),
        ("P. Tân Tiến", 1),
        ("P.Tân Tiến", 1),
        ("phuong tan tien", 1),
        ("Ủy ban nhân dân xã Tân Tiến", 2),
        ("X. Tân Tiến", 2),
        ("Bửu Hoà", 3),  # the tone on the other vowel: the same name
        ("BỬU HÒA", 3),
        ("Buu Hoa", 3),
        ("Phòng Tư pháp thành phố", 4),
        ("tanhanh", 5),  # the code, in any case
        ("Xa Tan Hanh", 5),
    ],
)
def test_a_name_as_offices_write_it_finds_its_unit(written, unit_id):
    match = UnitNames(UNITS).find(written)
    assert match.unit is not None and match.unit.id == unit_id


def test_a_name_without_its_kind_that_fits_two_units_names_both():
    match = UnitNames(UNITS).find("Tân Tiến")
    assert match.unit is None and match.ambiguous
    assert {unit.id for unit in match.candidates} == {1, 2}


def test_an_unknown_name_finds_nothing_and_a_remembered_one_its_unit():
    names = UnitNames(UNITS, {alias_key("Phường Tân Tiến cũ"): 1})
    assert names.find("Phường Hòa Bình").unit is None
    assert not names.find("Phường Hòa Bình").ambiguous
    assert names.find("P. Tân Tiến cũ").unit.id == 1


def test_the_kind_and_the_words_are_set_apart():
    assert split_name("UBND phường Tân Tiến") == ("ward", "tân tiến")
    assert split_name("Thị trấn Long Thành") == ("commune", "long thành")
    assert split_name("Phòng Nội vụ") == ("", "phòng nội vụ")
