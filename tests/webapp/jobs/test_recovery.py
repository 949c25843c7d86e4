"""The recovery sweep, in-process: what the database says is pending is done, once; a run tried
too often is given up with its reason; Redis out of reach makes jobs run here."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import small_city
from webapp.database import utcnow
from webapp.directives.operations import approve_directive, draft_directive, submit_directive
from webapp.documents.models import RenderedDocument
from webapp.extensions import db
from webapp.imports.models import ImportKind, ImportRun, ImportStatus
from webapp.imports.runs import MAX_ATTEMPTS, REQUEUE_GRACE, claim_import, fail_import
from webapp.imports.uploads import stored_upload
from webapp.jobs.queue import JobState, enqueue, job_state
from webapp.jobs.recovery import recover_pending_work
from webapp.stats.models import Dossier

DOSSIERS = (
    "dossier_code,unit_code,procedure_code,channel,received_at,due_at,returned_at,finished_at\n"
    "HS-1,ANBINH,1.000001,online,02/01/2024 08:00,10/01/2024 17:00,,05/01/2024 10:00\n"
    "HS-2,ANBINH,1.000001,direct,03/01/2024 08:00,11/01/2024 17:00,,\n"
)
LONG_AGO = REQUEUE_GRACE + timedelta(minutes=1)


@pytest.fixture
def city(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    city = small_city()
    db.session.commit()
    return city


def queued_run(city, created_ago: timedelta = LONG_AGO, attempts: int = 0) -> ImportRun:
    """A run left queued by a job that is gone, its file stored."""
    path = stored_upload("a" * 64)
    path.write_text(DOSSIERS, encoding="utf-8")
    run = ImportRun(
        kind=ImportKind.DOSSIERS,
        user_id=city.office.id,
        file_name="hoso.csv",
        checksum="a" * 64,
        status=ImportStatus.QUEUED,
        created_at=utcnow() - created_ago,
        attempts=attempts,
        job_id="mat-theo-redis",
    )
    db.session.add(run)
    db.session.commit()
    return run


def signed_letter(city):
    letter = draft_directive(city.office, "2024-01")
    submit_directive(city.office, letter)
    approve_directive(city.chairman, letter)
    letter.signed_at = utcnow() - LONG_AGO
    db.session.commit()
    return letter


def files_of(letter) -> int:
    stmt = select(func.count()).where(RenderedDocument.directive_id == letter.id)
    return db.session.scalar(stmt)


def test_a_lost_import_is_run_and_a_letter_without_files_is_rendered(city):
    run = queued_run(city)
    letter = signed_letter(city)

    counts = recover_pending_work()

    assert counts == {"imports": 1, "letters": 1, "emails": 0}
    db.session.refresh(run)
    assert (run.status, run.attempts, run.rows_added) == (ImportStatus.DONE, 1, 2)
    assert files_of(letter) == 2
    assert recover_pending_work() == {"imports": 0, "letters": 0, "emails": 0}


def test_a_run_queued_a_moment_ago_is_left_to_its_job(city):
    run = queued_run(city, created_ago=timedelta(seconds=5))

    assert recover_pending_work()["imports"] == 0
    db.session.refresh(run)
    assert (run.status, run.attempts) == (ImportStatus.QUEUED, 0)


def test_a_run_whose_jobs_died_too_often_is_given_up_with_its_reason(city):
    run = queued_run(city, attempts=MAX_ATTEMPTS)

    assert recover_pending_work()["imports"] == 0
    db.session.refresh(run)
    assert run.status == ImportStatus.FAILED
    assert run.note.startswith(f"Nhập không thành công sau {MAX_ATTEMPTS} lần thử")
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_a_run_is_claimed_once_and_a_done_run_is_not_failed(city):
    run = queued_run(city)

    assert claim_import(run.id) is not None
    fail_import(run.id, "hỏng")
    db.session.commit()

    assert claim_import(run.id) is None  # failed: no job may start it again
    assert fail_import(run.id, "lần nữa") is False
    db.session.refresh(run)
    assert (run.status, run.note, run.attempts) == (ImportStatus.FAILED, "hỏng", 1)


def test_the_recover_command_says_what_it_queued_again(city, runner):
    queued_run(city)

    result = runner.invoke(args=["recover"])

    assert result.exit_code == 0, result.output
    assert "Đã đưa lại vào xử lý: 1 lần nhập, 0 văn bản, không có thư điện tử chờ gửi." in (
        result.output
    )


def test_without_redis_there_is_no_queue_to_wait_on(app):
    assert job_state("bat-ky") == JobState.GONE


def test_redis_out_of_reach_runs_the_job_here(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    caplog.set_level(logging.INFO, logger="webapp.jobs.queue")

    handle = enqueue(lambda a, b: a * b, 6, 7)

    assert (handle.queued, handle.result) == (False, 42)
    assert any("Redis unreachable: running job" in r.getMessage() for r in caplog.records)
    assert job_state(handle.id) == JobState.UNKNOWN
