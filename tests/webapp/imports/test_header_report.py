"""A rejected file's header against the expected one: which columns it names, which are missing or
repeated, and the column each unknown cell most likely meant, accents aside."""

from __future__ import annotations

from webapp.imports.columns import header, header_report, likeness, plain
from webapp.imports.models import ImportKind


def test_plain_drops_accents_case_and_underscores():
    assert plain("  Tỷ lệ ĐÚNG   hạn ") == "ty le dung han"
    assert plain("resolved_on_time") == "resolved on time"


def test_each_unknown_cell_gets_the_missing_column_it_reads_like_each_column_once():
    cells = ["Ma don vi", "Ky bao cao", "Tiep nhan", "Giai quyet dung han", "Giải quyết đúng hạn"]
    cells += ["Giai quyet qua han", "Dang giai quyet trong han", "Đang giải quyết quá hạn"]
    cells += ["Ket thuc muon", "Phan anh", "Ty le dung han", "Ghi chú"]

    report = header_report(ImportKind.UNIT_STATS, cells)

    guesses = {cell.text: cell.guess.name if cell.guess else None for cell in report.unknown}
    assert guesses == {
        "Ma don vi": "unit_code",
        "Ky bao cao": "period",
        "Tiep nhan": "received",
        # "Giải quyết đúng hạn" names its column: its unaccented twin is left without a guess.
        "Giai quyet dung han": None,
        "Giai quyet qua han": "resolved_late",
        "Dang giai quyet trong han": "pending_on_time",
        "Ket thuc muon": "closed_late_in_software",
        "Phan anh": "complaints",
        "Ty le dung han": None,
        "Ghi chú": None,
    }
    assert [column.name for column in report.missing] == [
        "unit_code",
        "period",
        "received",
        "resolved_late",
        "pending_on_time",
        "closed_late_in_software",
        "complaints",
    ]
    assert [cell.column.name for cell in report.found if cell.column] == [
        "resolved_on_time",
        "pending_overdue",
    ]


def test_a_repeated_column_and_the_optional_one_are_told_apart():
    cells = [*header(ImportKind.DOSSIERS), "Mã hồ sơ"]

    report = header_report(ImportKind.DOSSIERS, cells)

    assert [column.name for column in report.repeated] == ["dossier_code"]
    assert report.missing == [] and report.unknown == []
    optional = [item for item in report.expected if item.column.optional]
    assert [(item.column.name, item.found) for item in optional] == [
        ("delayed_by_unit_code", False)
    ]


def test_likeness_is_low_for_unrelated_words():
    column = header_report(ImportKind.UNITS, []).expected[0].column
    assert likeness("Ghi chú", column) < 0.6
    assert likeness("ma don vi", column) == 1.0
