"""Importing again: the same file changes nothing, a corrected one changes exactly what it corrects,
and every accepted form of the same rows (labels, XLSX, BOM, ";") gives the same figures.

Every test runs twice: with the file checked in the test's own process, and checked in a child
process in chunks of two rows, so that new rows, stored ones and both within one file take
every way into the tables. After every import the stored dossier counts must equal a fresh count.
"""

from __future__ import annotations

import csv
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, func, select

from tests.webapp.stats.counts import counted_dossiers, stored_counts
from webapp.extensions import db
from webapp.imports import checking as checking_module
from webapp.imports.columns import COLUMNS
from webapp.imports.models import ImportKind
from webapp.imports.operations import ImportRejected, import_file
from webapp.stats.models import (
    Complaint,
    Dossier,
    DossierCount,
    ReportedFigures,
    UnitPeriodFigures,
)
from webapp.units.models import Unit, UnitKind

DOSSIER_HEADER = tuple(column.name for column in COLUMNS[ImportKind.DOSSIERS])
UNIT_STATS_HEADER = tuple(column.name for column in COLUMNS[ImportKind.UNIT_STATS])
COMPLAINT_HEADER = tuple(column.name for column in COLUMNS[ImportKind.COMPLAINTS])
UNIT_HEADER = tuple(column.name for column in COLUMNS[ImportKind.UNITS])


def dossier(code, unit, received, due, returned="", finished="", channel="online"):
    return (code, unit, "1.000001", channel, received, due, returned, finished)


DOSSIERS = [
    dossier("HS-1", "ANBINH", "02/01/2024 08:00", "10/01/2024 17:00", "", "10/01/2024 17:00"),
    dossier(
        "HS-2",
        "ANBINH",
        "03/01/2024 08:00",
        "10/01/2024 17:00",
        "09/01/2024 10:00",
        "12/01/2024 08:00",
        channel="direct",
    ),
    dossier("HS-3", "ANBINH", "31/01/2024 23:30", "20/02/2024 17:00", channel="postal"),
    dossier("HS-4", "TANMAI", "01/02/2024 00:10", "05/02/2024 17:00", "", "06/02/2024 09:00"),
    dossier(
        "HS-5",
        "TANMAI",
        "2024-01-15T08:00:00+07:00",
        "2024-01-25T17:00:00+07:00",
        "",
        "2024-03-05 10:00",
    ),
]
REPORTS = [
    ("ANBINH", "2024-03", "10", "8", "1", "1", "0", "1", "0"),
    ("TANMAI", "2024-03", "5", "5", "0", "0", "0", "0", "2"),
]
COMPLAINTS = [
    ("PA-1", "ANBINH", "15/01/2024 09:00", "hotline_1022", "Chậm trả kết quả", "Nguyễn Văn Ánh"),
    ("PA-2", "TANMAI", "01/02/2024 00:10", "national_portal", "", ""),
]


@pytest.fixture(autouse=True, params=["in-process", "child-2-row-chunks"])
def checking(request, app, monkeypatch):
    """Check imported files in this process, or in a child process two rows at a time."""
    if request.param == "child-2-row-chunks":
        monkeypatch.setitem(app.config, "IMPORT_PARALLEL_BYTES", 0)
        monkeypatch.setattr(checking_module, "CHUNK_ROWS", 2)
    return request.param


def write_csv(
    tmp_path, rows, header=DOSSIER_HEADER, name="hoso.csv", encoding="utf-8", delimiter=","
):
    path = tmp_path / name
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([header, *rows])
    return path


def run_import(kind, path):
    run = import_file(None, kind, path, path.name)
    db.session.commit()
    assert stored_counts() == counted_dossiers()
    return run


def figures_snapshot() -> dict:
    """Every unit's figures for every month, as plain values."""
    rows = db.session.execute(
        select(Unit.code, UnitPeriodFigures).join(Unit, Unit.id == UnitPeriodFigures.unit_id)
    ).all()
    return {
        (code, f.period): (
            f.received,
            f.resolved_on_time,
            f.resolved_late,
            f.pending_on_time,
            f.pending_overdue,
            f.closed_late_in_software,
            f.complaints,
            f.source.value,
            f.report_overridden,
        )
        for code, f in rows
    }


def stored_dossiers() -> dict:
    return {
        d.code: (
            d.unit_id,
            d.procedure_code,
            d.channel,
            d.received_at,
            d.due_at,
            d.returned_at,
            d.finished_at,
        )
        for d in db.session.scalars(select(Dossier))
    }


def clear_imported_data() -> None:
    for model in (UnitPeriodFigures, DossierCount, Dossier, Complaint, ReportedFigures):
        db.session.execute(delete(model))
    db.session.commit()


def test_importing_the_same_dossiers_twice_changes_nothing(tmp_path, wards):
    path = write_csv(tmp_path, DOSSIERS)
    first = run_import("dossiers", path)
    figures, dossiers = figures_snapshot(), stored_dossiers()

    second = run_import("dossiers", path)

    assert (first.rows_total, first.rows_added, first.rows_updated) == (5, 5, 0)
    assert (second.rows_total, second.rows_added, second.rows_updated) == (5, 0, 0)
    assert second.rows_unchanged == 5
    assert second.periods == []
    assert stored_dossiers() == dossiers
    assert figures_snapshot() == figures
    assert figures  # something was computed to compare


def test_a_corrected_finish_time_updates_one_row_and_both_months(tmp_path, wards):
    run_import("dossiers", write_csv(tmp_path, DOSSIERS))
    before = figures_snapshot()
    corrected = [row[:7] + ("2024-01-24 16:00",) if row[0] == "HS-5" else row for row in DOSSIERS]

    run = run_import("dossiers", write_csv(tmp_path, corrected, name="hoso-sua.csv"))

    assert (run.rows_added, run.rows_updated, run.rows_unchanged) == (0, 1, 4)
    after = figures_snapshot()
    # HS-5 was pending in January and February and finished late in March...
    assert before["TANMAI", "2024-01"][:5] == (1, 0, 0, 0, 1)
    assert before["TANMAI", "2024-02"][:5] == (1, 0, 1, 0, 1)
    assert before["TANMAI", "2024-03"][:3] == (0, 0, 1)
    # ...and is now finished on time in January: February keeps only HS-4, March has nothing.
    assert after["TANMAI", "2024-01"][:5] == (1, 1, 0, 0, 0)
    assert after["TANMAI", "2024-02"][:5] == (1, 0, 1, 0, 0)
    assert ("TANMAI", "2024-03") not in after
    assert {key: value for key, value in after.items() if key[0] == "ANBINH"} == {
        key: value for key, value in before.items() if key[0] == "ANBINH"
    }


def test_a_corrected_receipt_month_is_recomputed_in_the_month_it_left(tmp_path, wards):
    late_receipt = dossier("HS-9", "ANBINH", "05/03/2024 08:00", "10/03/2024 17:00")
    run_import("dossiers", write_csv(tmp_path, [DOSSIERS[0], late_receipt]))
    assert figures_snapshot()["ANBINH", "2024-03"][:5] == (1, 0, 0, 0, 1)
    corrected = dossier("HS-9", "ANBINH", "05/01/2024 08:00", "10/01/2024 17:00")

    run = run_import("dossiers", write_csv(tmp_path, [DOSSIERS[0], corrected], name="sua.csv"))

    assert run.rows_updated == 1
    after = figures_snapshot()
    assert after["ANBINH", "2024-01"][:5] == (2, 1, 0, 0, 1)
    assert after["ANBINH", "2024-02"][:5] == (0, 0, 0, 0, 1)
    assert after["ANBINH", "2024-03"][:5] == (0, 0, 0, 0, 1)  # still pending, no longer received


def test_a_dossier_moved_to_another_unit_leaves_the_old_units_figures(tmp_path, wards):
    run_import("dossiers", write_csv(tmp_path, DOSSIERS[:1]))
    moved = [DOSSIERS[0][:1] + ("TANMAI",) + DOSSIERS[0][2:]]

    run = run_import("dossiers", write_csv(tmp_path, moved, name="hoso-sua.csv"))

    assert run.rows_updated == 1
    assert figures_snapshot() == {("TANMAI", "2024-01"): (1, 1, 0, 0, 0, 0, 0, "dossiers", False)}


def import_and_snapshot(kind, path) -> dict:
    clear_imported_data()
    run = run_import(kind, path)
    assert run.rows_added == run.rows_total > 0
    return figures_snapshot()


def vietnamese_header(kind: ImportKind) -> tuple[str, ...]:
    return tuple(column.label for column in COLUMNS[kind] if not column.optional)


@pytest.mark.parametrize(
    ("kind", "rows"),
    [
        (ImportKind.DOSSIERS, DOSSIERS),
        (ImportKind.UNIT_STATS, REPORTS),
        (ImportKind.COMPLAINTS, COMPLAINTS),
    ],
    ids=str,
)
def test_vietnamese_labels_as_headers_give_the_same_figures(tmp_path, wards, kind, rows):
    header = tuple(column.name for column in COLUMNS[kind])
    assert set(vietnamese_header(kind)).isdisjoint(header)
    english = import_and_snapshot(kind, write_csv(tmp_path, rows, header, "en.csv"))
    vietnamese = import_and_snapshot(
        kind, write_csv(tmp_path, rows, vietnamese_header(kind), "vi.csv")
    )

    assert vietnamese == english


def test_vietnamese_labels_in_any_case_spacing_and_order_are_accepted(tmp_path, wards):
    header = [
        f"  {label.upper()}  ".replace(" ", "  ")
        for label in vietnamese_header(ImportKind.DOSSIERS)
    ]
    rows = [tuple(reversed(row)) for row in DOSSIERS]
    english = import_and_snapshot("dossiers", write_csv(tmp_path, DOSSIERS))

    shuffled = import_and_snapshot("dossiers", write_csv(tmp_path, rows, header[::-1], "vi.csv"))

    assert shuffled == english


def as_excel_dates(row: tuple) -> tuple:
    """The row with its dates as Excel holds them: datetime cells in local time, no zone."""
    return tuple(
        datetime.strptime(value, "%d/%m/%Y %H:%M") if position >= 4 and value else value
        for position, value in enumerate(row)
    )


def write_xlsx(tmp_path, rows, header=DOSSIER_HEADER, name="hoso.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in (header, *rows):
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def received_cell_types(path) -> set[type]:
    sheet = load_workbook(path).active
    return {type(row[4]) for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_xlsx_and_csv_of_the_same_rows_give_the_same_figures(tmp_path, wards):
    rows = [row for row in DOSSIERS if "T" not in row[4]]
    mixed = [as_excel_dates(row) if index % 2 == 0 else row for index, row in enumerate(rows)]
    path = write_xlsx(tmp_path, mixed)
    assert received_cell_types(path) == {datetime, str}

    from_csv = import_and_snapshot("dossiers", write_csv(tmp_path, rows))
    from_xlsx = import_and_snapshot("dossiers", path)

    assert from_xlsx == from_csv
    assert from_csv["ANBINH", "2024-01"][0] == 3  # 31/01 23:30 local is still January


def test_xlsx_counts_written_as_numbers_are_read_as_counts(tmp_path, wards):
    rows = [(unit, period, *(int(value) for value in counts)) for unit, period, *counts in REPORTS]

    from_csv = import_and_snapshot("unit_stats", write_csv(tmp_path, REPORTS, UNIT_STATS_HEADER))
    from_xlsx = import_and_snapshot("unit_stats", write_xlsx(tmp_path, rows, UNIT_STATS_HEADER))

    assert from_xlsx == from_csv


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("utf-8-sig", ";"), ("utf-8", "\t")],
)
def test_csv_with_bom_or_another_delimiter_gives_the_same_figures(
    tmp_path, wards, encoding, delimiter
):
    plain = import_and_snapshot("dossiers", write_csv(tmp_path, DOSSIERS))

    variant = import_and_snapshot(
        "dossiers",
        write_csv(
            tmp_path,
            DOSSIERS,
            vietnamese_header(ImportKind.DOSSIERS),
            "other.csv",
            encoding,
            delimiter,
        ),
    )

    assert variant == plain


def test_reimporting_unit_stats_changes_nothing_and_a_correction_updates_one_row(tmp_path, wards):
    path = write_csv(tmp_path, REPORTS, UNIT_STATS_HEADER)
    first = run_import("unit_stats", path)
    figures = figures_snapshot()

    second = run_import("unit_stats", path)
    assert (first.rows_added, second.rows_added, second.rows_updated) == (2, 0, 0)
    assert figures_snapshot() == figures

    corrected = [REPORTS[0][:2] + ("11",) + REPORTS[0][3:], REPORTS[1]]
    third = run_import("unit_stats", write_csv(tmp_path, corrected, UNIT_STATS_HEADER, "sua.csv"))
    assert (third.rows_added, third.rows_updated) == (0, 1)
    assert figures_snapshot()["ANBINH", "2024-03"][0] == 11
    assert db.session.scalar(select(func.count()).select_from(ReportedFigures)) == 2


def test_reimporting_complaints_changes_nothing(tmp_path, wards):
    path = write_csv(tmp_path, COMPLAINTS, COMPLAINT_HEADER)
    first = run_import("complaints", path)
    figures = figures_snapshot()

    second = run_import("complaints", path)

    assert (first.rows_added, second.rows_added, second.rows_updated) == (2, 0, 0)
    assert (
        figures_snapshot()
        == figures
        == {
            ("ANBINH", "2024-01"): (0, 0, 0, 0, 0, 0, 1, "dossiers", False),
            ("TANMAI", "2024-02"): (0, 0, 0, 0, 0, 0, 1, "dossiers", False),
        }
    )
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 2


def test_a_complaint_moved_to_another_month_leaves_the_old_month(tmp_path, wards):
    run_import("complaints", write_csv(tmp_path, COMPLAINTS[:1], COMPLAINT_HEADER))
    moved = [COMPLAINTS[0][:2] + ("15/03/2024 09:00",) + COMPLAINTS[0][3:]]

    run = run_import("complaints", write_csv(tmp_path, moved, COMPLAINT_HEADER, "sua.csv"))

    assert run.rows_updated == 1
    assert figures_snapshot() == {("ANBINH", "2024-03"): (0, 0, 0, 0, 0, 0, 1, "dossiers", False)}


UNITS = [
    ("PHUONG-AB", "UBND phường An Bình", "phường", "UBND-TP"),
    ("PTP", "Phòng Tư pháp", "department", "UBND-TP"),
    ("UBND-TP", "UBND thành phố", "agency", ""),
]


def units_by_code() -> dict[str, Unit]:
    return {unit.code: unit for unit in db.session.scalars(select(Unit))}


def test_units_import_creates_parents_defined_later_in_the_file(tmp_path, wards):
    run = run_import("units", write_csv(tmp_path, UNITS, UNIT_HEADER, "donvi.csv"))

    assert (run.rows_added, run.rows_updated) == (3, 0)
    units = units_by_code()
    assert units["PHUONG-AB"].parent.code == "UBND-TP"
    assert units["PHUONG-AB"].kind == UnitKind.WARD
    assert units["PTP"].parent.code == "UBND-TP"
    assert units["UBND-TP"].parent is None

    again = run_import("units", write_csv(tmp_path, UNITS, UNIT_HEADER, "donvi.csv"))
    assert (again.rows_added, again.rows_updated) == (0, 0)


def test_units_import_sets_an_existing_unit_as_parent_and_counts_the_change(tmp_path, wards):
    rows = [("ANBINH", "Đơn vị ANBINH", "ward", "TANMAI")]

    run = run_import("units", write_csv(tmp_path, rows, UNIT_HEADER, "donvi.csv"))

    assert (run.rows_added, run.rows_updated) == (0, 1)
    assert units_by_code()["ANBINH"].parent.code == "TANMAI"


def test_units_import_refuses_an_unknown_parent_and_stores_no_unit(tmp_path, wards):
    rows = [*UNITS, ("PHUONG-TM", "UBND phường Tân Mai", "ward", "KHONGCO")]
    before = set(units_by_code())

    with pytest.raises(ImportRejected) as caught:
        import_file(None, "units", write_csv(tmp_path, rows, UNIT_HEADER, "donvi.csv"), "donvi.csv")

    [problem] = caught.value.details
    assert (problem["row"], problem["column"], problem["value"]) == (5, "parent_code", "KHONGCO")
    assert set(units_by_code()) == before
