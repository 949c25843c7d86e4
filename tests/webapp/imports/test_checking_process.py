"""A large file is read and checked in a child process: the same outcome as in the importer's own
process, and nothing stored when that process fails or dies."""

from __future__ import annotations

import csv
import multiprocessing
import os

import pytest
from sqlalchemy import func, select

from tests.webapp.stats.counts import counted_dossiers, stored_counts
from webapp.extensions import db
from webapp.imports import checking, operations
from webapp.imports.checking import CheckedFile, CheckedRows, CheckerDied, worth_a_child
from webapp.imports.columns import COLUMNS
from webapp.imports.models import ImportKind, ImportRun
from webapp.imports.operations import ImportRejected, import_file
from webapp.imports.staging import ChunkWriter
from webapp.stats.models import Dossier, DossierCount, UnitPeriodFigures

HEADER = tuple(column.name for column in COLUMNS[ImportKind.DOSSIERS])


def good_rows(count: int) -> list[tuple]:
    """Dossiers of two wards over January and February 2024, some late, some unfinished."""
    rows = []
    for number in range(count):
        day = 1 + number % 28
        month = 1 + number % 2
        finished = "" if number % 7 == 0 else f"{day:02d}/{month + 1:02d}/2024 09:00"
        rows.append(
            (
                f"HS-{number:05d}",
                ("ANBINH", "TANMAI")[number % 2],
                "1.000001",
                ("online", "direct", "postal")[number % 3],
                f"{day:02d}/{month:02d}/2024 08:00",
                f"{day:02d}/{month:02d}/2024 17:00" if number % 5 else f"28/{month + 1:02d}/2024",
                f"{day:02d}/{month:02d}/2024 16:00" if number % 3 == 0 else "",
                finished,
            )
        )
    return rows


def write(tmp_path, rows, name="hoso.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


@pytest.fixture
def in_child(app, monkeypatch):
    """Check every file in a child process, in chunks of 50 rows; record that a child was used."""
    monkeypatch.setitem(app.config, "IMPORT_PARALLEL_BYTES", 0)
    monkeypatch.setattr(checking, "CHUNK_ROWS", 50)
    used = []
    original = operations.checked_file

    def recording(check, child):
        used.append(child)
        return original(check, child)

    monkeypatch.setattr(operations, "checked_file", recording)
    return used


def stored() -> tuple:
    figures = db.session.execute(
        select(
            UnitPeriodFigures.unit_id, UnitPeriodFigures.period, UnitPeriodFigures.received
        ).order_by(UnitPeriodFigures.unit_id, UnitPeriodFigures.period)
    ).all()
    return (
        db.session.scalar(select(func.count()).select_from(Dossier)),
        db.session.scalar(select(func.count()).select_from(DossierCount)),
        tuple(figures),
    )


def outcome_of(path) -> tuple:
    """Import a file and return what was stored, then remove it again."""
    run = import_file(None, "dossiers", path, path.name)
    db.session.flush()
    result = (run.rows_total, run.rows_added, run.rows_updated, run.periods, stored())
    assert stored_counts() == counted_dossiers()
    db.session.rollback()
    return result


def rejection_of(path) -> tuple:
    with pytest.raises(ImportRejected) as rejected:
        import_file(None, "dossiers", path, path.name)
    return rejected.value.run.problem_count, rejected.value.run.problems


def test_a_file_checked_in_a_child_is_stored_as_one_checked_here(tmp_path, wards, app, in_child):
    path = write(tmp_path, good_rows(420))
    app.config["IMPORT_PARALLEL_BYTES"] = 1 << 40
    here = outcome_of(path)
    app.config["IMPORT_PARALLEL_BYTES"] = 0

    there = outcome_of(path)

    assert in_child == [False, True]
    assert there == here
    assert here[:3] == (420, 420, 0) and here[4][0] == 420


def test_problems_found_in_a_child_are_the_same_and_nothing_is_stored(
    tmp_path, wards, app, in_child
):
    rows = good_rows(300)
    rows[10] = rows[10][:1] + ("KHONGCO",) + rows[10][2:]
    rows[120] = rows[120][:4] + ("31/02/2024 08:00",) + rows[120][5:]
    rows[250] = rows[3]  # a duplicate code
    path = write(tmp_path, rows)
    app.config["IMPORT_PARALLEL_BYTES"] = 1 << 40
    here = rejection_of(path)
    app.config["IMPORT_PARALLEL_BYTES"] = 0

    there = rejection_of(path)

    assert in_child == [False, True]
    assert there == here
    assert [(problem["row"], problem["column"]) for problem in here[1]] == [
        (12, "unit_code"),
        (122, "received_at"),
        (252, "dossier_code"),
    ]
    assert stored() == (0, 0, ())


def test_a_checking_process_that_dies_fails_the_import_and_stores_nothing(
    tmp_path, wards, monkeypatch, in_child
):
    original_run = checking.FileCheck.run

    def dies_after_two_chunks(self):
        for sent, message in enumerate(original_run(self)):
            if sent == 2:
                os._exit(7)
            yield message

    monkeypatch.setattr(checking.FileCheck, "run", dies_after_two_chunks)

    with pytest.raises(CheckerDied, match="mã thoát 7"):
        import_file(None, "dossiers", write(tmp_path, good_rows(300)), "hoso.csv")
    db.session.rollback()

    assert stored() == (0, 0, ())
    assert db.session.scalar(select(func.count()).select_from(ImportRun)) == 0
    assert multiprocessing.active_children() == []


def test_an_error_in_the_checking_process_is_reported_with_its_traceback(
    tmp_path, wards, monkeypatch, in_child
):
    def broken_checker(_options):
        def build(positions, problems):
            raise RuntimeError("bộ kiểm tra hỏng")

        return build

    monkeypatch.setitem(operations.CHECKERS, ImportKind.DOSSIERS, broken_checker)

    with pytest.raises(CheckerDied, match="RuntimeError: bộ kiểm tra hỏng"):
        import_file(None, "dossiers", write(tmp_path, good_rows(10)), "hoso.csv")
    db.session.rollback()

    assert stored() == (0, 0, ())


def test_a_store_that_fails_stops_the_checking_process(tmp_path, wards, monkeypatch, in_child):
    def refuse(self, rows):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(ChunkWriter, "write", refuse)

    with pytest.raises(RuntimeError, match="ổ đĩa đầy"):
        import_file(None, "dossiers", write(tmp_path, good_rows(300)), "hoso.csv")
    db.session.rollback()

    assert multiprocessing.active_children() == []
    assert stored() == (0, 0, ())


def test_messages_checked_here_end_with_the_file(tmp_path, wards):
    check = checking.FileCheck(
        ImportKind.DOSSIERS,
        write(tmp_path, good_rows(5)),
        "hoso.csv",
        1 << 20,
        operations.CHECKERS[ImportKind.DOSSIERS](operations.NO_OPTIONS),
    )

    messages = list(checking.checked_file(check, in_child=False))

    assert [type(message) for message in messages] == [CheckedRows, CheckedFile]
    assert len(messages[0].rows) == 5 and messages[0].fraction == 1.0
    assert messages[1].total == 5 and not messages[1].problems
    assert sum(messages[1].summary.values()) == 5


def test_only_a_file_of_the_configured_size_is_worth_a_child(tmp_path):
    path = tmp_path / "tep.csv"
    path.write_bytes(b"x" * 1000)

    assert worth_a_child(path, 1000) == (len(os.sched_getaffinity(0)) > 1)
    assert worth_a_child(path, 1001) is False


def test_the_import_command_says_the_checking_process_died(
    tmp_path, wards, monkeypatch, in_child, runner
):
    def dies_at_once(self):
        os._exit(9)
        yield

    monkeypatch.setattr(checking.FileCheck, "run", dies_at_once)
    path = write(tmp_path, good_rows(20))

    result = runner.invoke(args=["import", str(path), "--kind", "dossiers"])

    assert result.exit_code == 1
    assert "dừng giữa chừng (mã thoát 9); không dữ liệu nào được lưu" in result.output
    assert stored() == (0, 0, ())
