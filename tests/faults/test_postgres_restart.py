"""PostgreSQL restarted during a request: the request gets a clean error (503, Retry-After, in
JSON), nothing of it is kept, and the same request made again once the server is back succeeds.

Runs on a PostgreSQL cluster of the test's own (initdb in a temporary folder), stopped and started
by its postmaster's pid, in the suite's PostgreSQL pass.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest
from flask import request_started
from sqlalchemy import func, select

from tests.conftest import _fresh_request_globals, app_settings
from tests.databases import server_url
from tests.factories import small_city
from tests.faults.files import dossier_file, upload
from tests.faults.services import POSTGRES_BIN, Postgres, wait_until
from tests.processes import run_flask
from tests.webapp.stats.counts import counted_dossiers, stored_counts
from webapp import create_app
from webapp.auth.operations import issue_api_token
from webapp.extensions import db
from webapp.imports.models import ImportRun, ImportStatus
from webapp.stats.models import Dossier

pytestmark = pytest.mark.skipif(
    server_url() is None or POSTGRES_BIN is None,
    reason="runs in the PostgreSQL pass, on a cluster of its own",
)
ROWS = 100_000


@pytest.fixture
def cluster() -> Iterator[Postgres]:
    server = Postgres()
    try:
        server.create()
        yield server
    finally:
        server.remove()


def importing(cluster: Postgres) -> bool:
    """Whether a backend is busy writing dossiers (the import is under way)."""
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{cluster.port}/dondoc") as connection:
        busy = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
            "AND (query ILIKE '%%dossiers%%') AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    return busy > 0


def test_a_request_cut_by_a_restart_gets_a_clean_error_and_succeeds_when_sent_again(
    cluster, tmp_path
):
    migrated = run_flask(cluster.url, "", "db", "upgrade")
    assert migrated.returncode == 0, migrated.stderr
    app = create_app(app_settings(cluster.url))
    path = dossier_file(tmp_path / "hoso.csv", ROWS)
    with app.app_context(), request_started.connected_to(_fresh_request_globals, app):
        city = small_city()
        headers = {"Authorization": f"Bearer {issue_api_token(None, city.office)}"}
        db.session.commit()
        answers = []
        sending = threading.Thread(
            target=lambda: answers.append(upload(app.test_client(), path, headers))
        )

        sending.start()
        wait_until(lambda: importing(cluster), 60, "the import under way")
        cluster.stop()
        cluster.start()
        sending.join(120)

        cut = answers[0]
        assert cut.status_code == 503
        assert cut.headers["Retry-After"] == "5"
        assert cut.json["error"].startswith("Cơ sở dữ liệu tạm thời không truy cập được")
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0
        assert ImportStatus.DONE not in set(db.session.scalars(select(ImportRun.status)))

        again = upload(app.test_client(), path, headers)

        assert again.status_code == 201, again.json
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == ROWS
        assert stored_counts() == counted_dossiers()
        statuses = list(db.session.scalars(select(ImportRun.status).order_by(ImportRun.id)))
        assert statuses.count(ImportStatus.DONE) == 1
        db.session.remove()
        db.engine.dispose()
