"""`flask stats`, `flask findings` and `flask dossiers`: a period's figures, its findings, and the
dossiers behind one figure, as CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys

import click
from sqlalchemy import select

from webapp.cli import CommandError
from webapp.extensions import db
from webapp.security import SYSTEM_OFFICE
from webapp.spreadsheets import csv_row
from webapp.stats.dossier_lists import LISTED_FIGURES, every_row
from webapp.stats.models import FIGURE_FIELDS
from webapp.stats.queries import figures_rows, findings_for
from webapp.units.models import Unit
from workflows.periods import parse_period

ADDED_COLUMNS = ("exempted", "late_caused_by_others", "late_caused_elsewhere")
STATS_COLUMNS = ("unit_code", "period", *FIGURE_FIELDS, "on_time_rate", *ADDED_COLUMNS)
FINDING_COLUMNS = ("rule", "unit_code", "value", "threshold", "repeat_count")

# The command line acts with the office's view: every unit.


def _period(value: str) -> str:
    try:
        return parse_period(value)
    except ValueError as exc:
        raise CommandError(f"--period: {exc}") from None


@click.command("stats", help="In số liệu từng đơn vị của một kỳ.")
@click.option("--period", required=True, help="Kỳ YYYY-MM")
@click.option("--format", "output", type=click.Choice(["csv", "json"]), default="csv")
def stats_command(period: str, output: str) -> None:
    """Print one row per unit with its figures and on-time rate."""
    rows = figures_rows(SYSTEM_OFFICE, _period(period))
    if output == "json":
        click.echo(
            json.dumps(
                [{key: row[key] for key in STATS_COLUMNS} for row in rows],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(STATS_COLUMNS)
    for row in rows:
        rate = row["on_time_rate"]
        cells = [
            *(row[key] for key in ("unit_code", "period", *FIGURE_FIELDS)),
            "" if rate is None else f"{rate:.2f}",
            *(row[key] for key in ADDED_COLUMNS),
        ]
        writer.writerow(csv_row(cells))


@click.command("findings", help="In các phát hiện của một kỳ (đơn vị chưa đạt, theo quy tắc).")
@click.option("--period", required=True, help="Kỳ YYYY-MM")
@click.option("--format", "output", type=click.Choice(["csv", "json"]), default="csv")
def findings_command(period: str, output: str) -> None:
    """Print rule, unit_code, value, threshold and repeat_count of each finding."""
    findings = findings_for(SYSTEM_OFFICE, _period(period))
    rows = [
        {
            "rule": f.rule.value,
            "unit_code": f.unit_code,
            "value": f.value,
            "threshold": f.threshold,
            "repeat_count": f.repeat_count,
        }
        for f in findings
    ]
    if output == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(FINDING_COLUMNS)
    for row in rows:
        writer.writerow(csv_row(row[key] for key in FINDING_COLUMNS))


@click.command(
    "dossiers",
    help="In các hồ sơ (hoặc phản ánh) tạo nên một chỉ tiêu của một đơn vị trong một kỳ.",
)
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị")
@click.option("--period", required=True, help="Kỳ YYYY-MM")
@click.option("--figure", required=True, type=click.Choice(LISTED_FIGURES), help="Chỉ tiêu")
@click.option("--format", "output", type=click.Choice(["csv", "json"]), default="csv")
def dossiers_command(unit_code: str, period: str, figure: str, output: str) -> None:
    """Print one row per dossier (or complaint) counted in the figure."""
    from_unit = db.session.scalar(select(Unit.id).where(Unit.code == unit_code))
    if from_unit is None:
        raise CommandError(f"--unit: không có đơn vị mã {unit_code!r}")
    listed = every_row(SYSTEM_OFFICE, unit_code, _period(period), figure)
    if output == "json":
        click.echo(json.dumps(listed.items, ensure_ascii=False, indent=2))
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(listed.fields)
    for item in listed.items:
        writer.writerow(csv_row("" if item[key] is None else item[key] for key in listed.fields))
