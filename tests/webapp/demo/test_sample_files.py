"""The demo's files to upload import as the real ones do: a ward's Biểu số 06 for February
2024 and the one-stop system's February export as an old Excel file with title rows."""

from __future__ import annotations

import xlrd
from sqlalchemy import select

from tests.demo_export import KEPT, export_bytes
from webapp.demo.sample_files import write_sample_files
from webapp.extensions import db
from webapp.imports.operations import import_file
from webapp.stats.models import UnitPeriodFigures
from webapp.units.models import Unit


def sheet_values(data: bytes) -> list[list]:
    sheet = xlrd.open_workbook(file_contents=data).sheet_by_index(0)
    return [sheet.row_values(number) for number in range(sheet.nrows)]


def test_the_kept_export_is_the_one_its_builder_writes():
    assert sheet_values(KEPT.read_bytes()) == sheet_values(export_bytes())


def test_the_demo_prints_where_its_files_are(runner, monkeypatch, app, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    monkeypatch.setenv("DEMO_PASSWORD", "mat-khau-demo-1")

    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    folder = tmp_path / "instance" / "demo-files"
    for name in ("bieu-06-phuong-tan-van-thang-02-2024.xlsx", "ho-so-mot-cua-thang-02-2024.xls"):
        assert (folder / name).is_file()
        assert str(folder / name) in result.stdout

    form, export = write_sample_files(tmp_path / "again")
    report = import_file(None, "unit_stats", form, form.name)
    dossiers = import_file(None, "dossiers", export, export.name)

    assert (report.rows_added, report.periods) == (1, ["2024-02"])
    assert (dossiers.rows_added, dossiers.periods[-1]) == (30, "2024-02")
    february = dict(
        db.session.execute(
            select(Unit.code, UnitPeriodFigures.resolved_on_time)
            .join(Unit)
            .where(UnitPeriodFigures.period == "2024-02")
        ).all()
    )
    assert february["TANVAN"] == 40 + 85  # early and on time
    assert february["BUUHOA"] == 20
