"""Operators importing at the same time on PostgreSQL: every import lands whole, one after another,
and the dossier counts and the figures are those of all the dossiers together."""

from __future__ import annotations

import csv
import subprocess

import pytest
from sqlalchemy import text

from tests.conftest import app_settings
from tests.databases import server_url
from tests.processes import FLASK, PROJECT_ROOT, flask_environment, run_flask
from tests.webapp.stats.counts import counted_dossiers, stored_counts
from webapp import create_app
from webapp.extensions import db
from webapp.imports.columns import COLUMNS
from webapp.imports.models import ImportKind

pytestmark = pytest.mark.skipif(
    server_url() is None, reason="concurrent imports are tested on PostgreSQL (DATABASE_URL)"
)

HEADER = tuple(column.name for column in COLUMNS[ImportKind.DOSSIERS])
IMPORTS = 4
ROWS_EACH = 3000


def dossier_file(folder, number: int):
    """Dossiers of the same two wards and months as every other file, with codes of its own."""
    path = folder / f"hoso-{number}.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in range(ROWS_EACH):
            day = 1 + row % 27
            writer.writerow(
                (
                    f"HS-{number}-{row:05d}",
                    ("ANBINH", "TANMAI")[row % 2],
                    "1.000001",
                    "online",
                    f"{day:02d}/01/2024 08:00",
                    f"{day + 1:02d}/01/2024 17:00",
                    f"{day:02d}/01/2024 16:00",
                    f"{day + 1 + row % 3:02d}/01/2024 09:00" if row % 4 else "",
                )
            )
    return path


def test_concurrent_imports_land_whole_and_count_every_dossier(fresh_database, tmp_path):
    assert run_flask(fresh_database, "", "db", "upgrade").returncode == 0
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,kind,parent_code\nANBINH,UBND phường An Bình,ward,\n"
        "TANMAI,UBND phường Tân Mai,ward,\n",
        encoding="utf-8",
    )
    assert run_flask(fresh_database, "", "import", str(units), "--kind", "units").returncode == 0
    files = [dossier_file(tmp_path, number) for number in range(IMPORTS)]

    importers = [
        subprocess.Popen(
            [FLASK, "--app", "webapp", "import", str(path), "--kind", "dossiers"],
            cwd=PROJECT_ROOT,
            env=flask_environment(fresh_database, ""),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    outcomes = [(importer.wait(timeout=300), *importer.communicate()) for importer in importers]

    assert [code for code, _out, _err in outcomes] == [0] * IMPORTS, outcomes
    app = create_app(app_settings(fresh_database))
    with app.app_context():
        try:
            assert sum(counted_dossiers().values()) == IMPORTS * ROWS_EACH
            assert stored_counts() == counted_dossiers()
            received = db.session.execute(
                text("SELECT sum(received) FROM unit_period_figures WHERE period = '2024-01'")
            ).scalar_one()
            assert received == IMPORTS * ROWS_EACH
        finally:
            db.session.remove()
            db.engine.dispose()
