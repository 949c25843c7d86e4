"""`flask stats` and `flask findings`: a period's figures and findings, as CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys

import click

from webapp.auth.models import Role, User
from webapp.cli import CommandError
from webapp.spreadsheets import csv_row
from webapp.stats.models import FIGURE_FIELDS
from webapp.stats.queries import figures_rows, findings_for
from workflows.periods import parse_period

STATS_COLUMNS = ("unit_code", "period", *FIGURE_FIELDS, "on_time_rate")
FINDING_COLUMNS = ("rule", "unit_code", "value", "threshold", "repeat_count")

# The command line acts with the office's view: every unit.
SYSTEM = User(username="system", display_name="Dòng lệnh", role=Role.OFFICE)


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
    rows = figures_rows(SYSTEM, _period(period))
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
        cells = [*(row[key] for key in STATS_COLUMNS[:-1]), "" if rate is None else f"{rate:.2f}"]
        writer.writerow(csv_row(cells))


@click.command("findings", help="In các phát hiện của một kỳ (đơn vị chưa đạt, theo quy tắc).")
@click.option("--period", required=True, help="Kỳ YYYY-MM")
@click.option("--format", "output", type=click.Choice(["csv", "json"]), default="csv")
def findings_command(period: str, output: str) -> None:
    """Print rule, unit_code, value, threshold and repeat_count of each finding."""
    findings = findings_for(SYSTEM, _period(period))
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
