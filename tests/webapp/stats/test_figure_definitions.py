"""Each monthly figure's definition, checked on hand-made dossiers imported from small CSV files."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.import_headers import COMPLAINT_HEADER, DOSSIER_HEADER, UNIT_STATS_HEADER
from webapp.extensions import db
from webapp.imports.operations import import_file
from webapp.stats.models import FIGURE_FIELDS as FIGURES
from webapp.stats.models import Dossier, FiguresSource, UnitPeriodFigures
from webapp.units.models import Unit


def write_csv(tmp_path, rows, header=DOSSIER_HEADER, name="hoso.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def dossier(code, received, due, returned="", finished="", unit="ANBINH"):
    return (code, unit, "1.000001", "online", received, due, returned, finished)


def import_rows(tmp_path, kind, rows, header=DOSSIER_HEADER):
    run = import_file(None, kind, write_csv(tmp_path, rows, header, f"{kind}.csv"), f"{kind}.csv")
    db.session.commit()
    return run


def figures(period, unit="ANBINH"):
    return db.session.scalar(
        select(UnitPeriodFigures)
        .join(Unit)
        .where(UnitPeriodFigures.period == period, Unit.code == unit)
    )


def counts(period, unit="ANBINH"):
    row = figures(period, unit)
    assert row is not None, f"no figures for {unit} in {period}"
    return {name: getattr(row, name) for name in FIGURES if getattr(row, name)}


def test_finished_exactly_at_the_due_time_is_on_time(tmp_path, wards):
    import_rows(
        tmp_path,
        "dossiers",
        [dossier("HS-1", "02/01/2024 08:00", "10/01/2024 17:00", finished="10/01/2024 17:00")],
    )

    assert counts("2024-01") == {"received": 1, "resolved_on_time": 1}
    assert figures("2024-01").on_time_rate == 100.0


def test_finished_one_minute_after_the_due_time_is_late(tmp_path, wards):
    import_rows(
        tmp_path,
        "dossiers",
        [dossier("HS-1", "02/01/2024 08:00", "10/01/2024 17:00", finished="10/01/2024 17:01")],
    )

    # No returned_at: late, but not a forgotten close.
    assert counts("2024-01") == {"received": 1, "resolved_late": 1}
    assert figures("2024-01").on_time_rate == 0.0


@pytest.mark.parametrize(
    ("due", "finished", "pending_in_january", "resolved_in_february"),
    [
        ("25/01/2024 17:00", "05/02/2024 09:00", "pending_overdue", "resolved_late"),
        ("31/01/2024 23:59", "05/02/2024 09:00", "pending_overdue", "resolved_late"),
        ("01/02/2024 00:00", "01/02/2024 00:00", "pending_on_time", "resolved_on_time"),
        ("10/02/2024 17:00", "05/02/2024 09:00", "pending_on_time", "resolved_on_time"),
    ],
)
def test_finished_in_a_later_month_counts_there_and_is_pending_in_the_month_before(
    tmp_path, wards, due, finished, pending_in_january, resolved_in_february
):
    import_rows(tmp_path, "dossiers", [dossier("HS-1", "20/01/2024 08:00", due, finished=finished)])

    assert counts("2024-01") == {"received": 1, pending_in_january: 1}
    assert counts("2024-02") == {resolved_in_february: 1}


@pytest.mark.parametrize(
    ("due", "pending"),
    [
        ("25/01/2024 17:00", "pending_overdue"),
        ("31/01/2024 23:59", "pending_overdue"),
        ("01/02/2024 00:00", "pending_on_time"),  # due exactly at the end of the month
        ("15/02/2024 17:00", "pending_on_time"),
    ],
)
def test_never_finished_is_overdue_only_when_due_before_the_end_of_the_month(
    tmp_path, wards, due, pending
):
    import_rows(tmp_path, "dossiers", [dossier("HS-1", "20/01/2024 08:00", due)])

    assert counts("2024-01") == {"received": 1, pending: 1}
    assert figures("2024-01").on_time_rate is None


def test_never_finished_stays_pending_in_every_later_month_and_turns_overdue(tmp_path, wards):
    import_rows(
        tmp_path,
        "dossiers",
        [
            dossier("HS-1", "20/01/2024 08:00", "15/02/2024 17:00"),
            dossier("HS-2", "01/03/2024 08:00", "05/03/2024 17:00", finished="04/03/2024 10:00"),
        ],
    )

    assert counts("2024-01") == {"received": 1, "pending_on_time": 1}
    assert counts("2024-02") == {"pending_overdue": 1}
    assert counts("2024-03") == {"received": 1, "resolved_on_time": 1, "pending_overdue": 1}


@pytest.mark.parametrize(
    ("returned", "closed_late"),
    [
        ("09/01/2024 10:00", 1),  # handed over on time, closed late: forgot to press finish
        ("10/01/2024 17:00", 1),  # handed over exactly at the due time
        ("10/01/2024 17:01", 0),  # handed over late too: simply late
        ("", 0),  # never recorded as handed over
    ],
)
def test_closed_late_in_software_needs_the_result_returned_by_the_due_time(
    tmp_path, wards, returned, closed_late
):
    import_rows(
        tmp_path,
        "dossiers",
        [
            dossier(
                "HS-1",
                "02/01/2024 08:00",
                "10/01/2024 17:00",
                returned=returned,
                finished="12/01/2024 08:00",
            )
        ],
    )

    row = figures("2024-01")
    assert (row.resolved_on_time, row.resolved_late) == (0, 1)
    assert row.closed_late_in_software == closed_late


def test_returned_on_time_and_finished_on_time_is_not_closed_late(tmp_path, wards):
    import_rows(
        tmp_path,
        "dossiers",
        [
            dossier(
                "HS-1",
                "02/01/2024 08:00",
                "10/01/2024 17:00",
                returned="09/01/2024 10:00",
                finished="10/01/2024 16:00",
            )
        ],
    )

    assert counts("2024-01") == {"received": 1, "resolved_on_time": 1}


@pytest.mark.parametrize(
    ("received", "stored_utc", "period"),
    [
        ("31/01/2024 23:30", datetime(2024, 1, 31, 16, 30, tzinfo=UTC), "2024-01"),
        ("01/02/2024 00:10", datetime(2024, 1, 31, 17, 10, tzinfo=UTC), "2024-02"),
        ("2024-02-01 00:10", datetime(2024, 1, 31, 17, 10, tzinfo=UTC), "2024-02"),
        ("2024-01-31T20:00:00+00:00", datetime(2024, 1, 31, 20, 0, tzinfo=UTC), "2024-02"),
        ("2024-01-31T23:59:00+07:00", datetime(2024, 1, 31, 16, 59, tzinfo=UTC), "2024-01"),
    ],
)
def test_month_boundaries_are_in_vietnam_time_and_times_are_stored_in_utc(
    tmp_path, wards, received, stored_utc, period
):
    import_rows(tmp_path, "dossiers", [dossier("HS-1", received, "2024-03-01T12:00:00+07:00")])

    assert db.session.scalar(select(Dossier.received_at)) == stored_utc
    assert counts(period)["received"] == 1
    other = "2024-02" if period == "2024-01" else "2024-01"
    assert figures(other) is None or figures(other).received == 0


def test_on_time_rate_is_none_without_resolutions_and_two_of_three_is_66_67(
    tmp_path, wards, runner
):
    import_rows(
        tmp_path,
        "dossiers",
        [
            dossier("HS-1", "02/01/2024 08:00", "10/01/2024 17:00", finished="05/01/2024 08:00"),
            dossier("HS-2", "02/01/2024 08:00", "10/01/2024 17:00", finished="10/01/2024 17:00"),
            dossier("HS-3", "02/01/2024 08:00", "10/01/2024 17:00", finished="11/01/2024 08:00"),
            dossier("HS-4", "02/01/2024 08:00", "20/02/2024 17:00", unit="TANMAI"),
        ],
    )

    assert figures("2024-01").on_time_rate == pytest.approx(200 / 3)
    assert figures("2024-01", "TANMAI").on_time_rate is None

    result = runner.invoke(args=["stats", "--period", "2024-01"])
    assert result.exit_code == 0, result.output
    rates = {
        row["unit_code"]: row["on_time_rate"] for row in csv.DictReader(io.StringIO(result.stdout))
    }
    assert rates == {"ANBINH": "66.67", "TANMAI": ""}

    result = runner.invoke(args=["stats", "--period", "2024-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    rates = {row["unit_code"]: row["on_time_rate"] for row in json.loads(result.stdout)}
    assert rates == {"ANBINH": 66.67, "TANMAI": None}


def test_complaints_are_counted_in_the_month_they_were_received(tmp_path, wards):
    import_rows(
        tmp_path,
        "complaints",
        [
            ("PA-1", "ANBINH", "15/01/2024 09:00", "hotline_1022", "Chậm trả kết quả", ""),
            ("PA-2", "ANBINH", "31/01/2024 23:30", "national_portal", "", ""),
            ("PA-3", "ANBINH", "01/02/2024 00:10", "direct", "", ""),
        ],
        header=COMPLAINT_HEADER,
    )

    assert counts("2024-01") == {"complaints": 2}
    assert counts("2024-02") == {"complaints": 1}


def test_complaints_are_added_to_the_figures_computed_from_dossiers(tmp_path, wards):
    import_rows(
        tmp_path,
        "dossiers",
        [dossier("HS-1", "02/01/2024 08:00", "10/01/2024 17:00", finished="05/01/2024 08:00")],
    )
    import_rows(
        tmp_path,
        "complaints",
        [("PA-1", "ANBINH", "20/01/2024 09:00", "hotline_1022", "", "")],
        header=COMPLAINT_HEADER,
    )

    assert counts("2024-01") == {"received": 1, "resolved_on_time": 1, "complaints": 1}
    assert figures("2024-01").source == FiguresSource.DOSSIERS


REPORTED = {
    "received": 40,
    "resolved_on_time": 30,
    "resolved_late": 3,
    "pending_on_time": 5,
    "pending_overdue": 2,
    "closed_late_in_software": 1,
    "complaints": 4,
}


@pytest.mark.parametrize("dossiers_first", [True, False], ids=["dossiers-first", "report-first"])
def test_dossiers_win_over_a_report_and_a_report_alone_is_used_as_reported(
    tmp_path, wards, dossiers_first
):
    reports = [
        (unit, "2024-01", *(REPORTED[name] for name in FIGURES)) for unit in ("ANBINH", "TANMAI")
    ]
    dossiers = [
        dossier("HS-1", "02/01/2024 08:00", "10/01/2024 17:00", finished="11/01/2024 08:00")
    ]
    steps = [("dossiers", dossiers, DOSSIER_HEADER), ("unit_stats", reports, UNIT_STATS_HEADER)]
    for kind, rows, header in steps if dossiers_first else reversed(steps):
        import_rows(tmp_path, kind, rows, header)

    from_dossiers = figures("2024-01", "ANBINH")
    assert from_dossiers.source == FiguresSource.DOSSIERS
    assert from_dossiers.report_overridden is True
    assert counts("2024-01", "ANBINH") == {"received": 1, "resolved_late": 1}
    reported = figures("2024-01", "TANMAI")
    assert reported.source == FiguresSource.REPORT
    assert reported.report_overridden is False
    assert counts("2024-01", "TANMAI") == REPORTED
    assert reported.on_time_rate == pytest.approx(100 * 30 / 33)
