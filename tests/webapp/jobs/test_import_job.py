"""An upload queued on Redis is imported by a real RQ worker, which reports its progress."""

from __future__ import annotations

import csv
import io

import pytest
from rq.job import Job, JobStatus
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests import factories
from tests.conftest import app_settings
from tests.import_headers import DOSSIER_HEADER
from tests.processes import run_flask
from webapp import create_app
from webapp.auth.models import User
from webapp.extensions import db
from webapp.imports.models import ImportKind, ImportRun, ImportStatus
from webapp.imports.submission import import_progress, submit_import
from webapp.stats.models import Dossier, FiguresSource, UnitPeriodFigures
from webapp.units.models import Unit

pytestmark = pytest.mark.redis

# January 2024 at An Bình: one on time, one returned on time but closed late, one still open
# past its due date.
DOSSIERS = (
    (
        "HS-NEN-1",
        "ANBINH",
        "1.000001",
        "online",
        "02/01/2024 08:00",
        "10/01/2024 17:00",
        "05/01/2024 10:00",
        "05/01/2024 10:00",
    ),
    (
        "HS-NEN-2",
        "ANBINH",
        "1.000001",
        "direct",
        "03/01/2024 08:00",
        "11/01/2024 17:00",
        "10/01/2024 09:00",
        "15/01/2024 09:00",
    ),
    ("HS-NEN-3", "ANBINH", "2.000884", "postal", "04/01/2024 08:00", "12/01/2024 17:00", "", ""),
)


def _dossiers_upload() -> FileStorage:
    text = io.StringIO()
    csv.writer(text).writerows([DOSSIER_HEADER, *DOSSIERS])
    return FileStorage(
        stream=io.BytesIO(text.getvalue().encode()),
        filename="ho-so-nen.csv",
        content_type="text/csv",
    )


def _forget_connections() -> None:
    db.session.remove()
    db.engine.dispose()


def test_real_worker_imports_a_queued_upload_and_reports_full_progress(
    fresh_database, redis_url, redis_keys_cleaned
):
    migrated = run_flask(fresh_database, redis_url, "db", "upgrade")
    assert migrated.returncode == 0, migrated.stderr
    live_app = create_app(app_settings(fresh_database, REDIS_URL=redis_url))
    with live_app.app_context():
        factories.unit("ANBINH", "UBND phường An Bình")
        factories.user("office", username="vanphong", display_name="Văn phòng")
        db.session.commit()
        _forget_connections()

    with live_app.test_request_context():
        office = db.session.scalar(select(User).where(User.username == "vanphong"))
        run = submit_import(office, "dossiers", _dossiers_upload())

        assert run.status == ImportStatus.QUEUED
        assert run.kind == ImportKind.DOSSIERS
        assert run.job_id
        assert import_progress(run) is None  # queued, not started
        assert db.session.scalars(select(Dossier)).all() == []  # nothing ran here
        run_id, job_id = run.id, run.job_id
        _forget_connections()

    worked = run_flask(fresh_database, redis_url, "worker", "--burst")

    assert worked.returncode == 0, worked.stderr
    job = Job.fetch(job_id, connection=redis_keys_cleaned)
    assert job.get_status() == JobStatus.FINISHED, worked.stderr
    assert job.return_value() == "done"
    assert job.meta["progress"] == 1.0
    with live_app.app_context():
        try:
            run = db.session.get(ImportRun, run_id)
            assert run.status == ImportStatus.DONE, run.problems
            assert (run.rows_total, run.rows_added, run.rows_updated) == (3, 3, 0)
            assert run.periods == ["2024-01"]
            assert run.finished_at is not None
            assert import_progress(run) == 1.0
            figures = db.session.scalar(
                select(UnitPeriodFigures)
                .join(Unit)
                .where(Unit.code == "ANBINH", UnitPeriodFigures.period == "2024-01")
            )
            assert figures is not None
            assert figures.source == FiguresSource.DOSSIERS
            assert (
                figures.received,
                figures.resolved_on_time,
                figures.resolved_late,
                figures.pending_overdue,
                figures.closed_late_in_software,
            ) == (3, 1, 1, 1, 1)
            assert set(db.session.scalars(select(Dossier.code))) == {row[0] for row in DOSSIERS}
        finally:
            _forget_connections()
