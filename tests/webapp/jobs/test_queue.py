"""Background jobs: in-process without Redis, on a real RQ worker with it."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from rq.job import Job, JobStatus
from sqlalchemy import select

from tests.conftest import app_settings
from tests.processes import run_flask
from webapp import create_app
from webapp.auth.models import LoginFailure
from webapp.database import utcnow
from webapp.extensions import db
from webapp.jobs.housekeeping import prune_login_failures
from webapp.jobs.queue import JobHandle, enqueue


def _failure(username: str, age: timedelta) -> LoginFailure:
    failure = LoginFailure(username=username, address="203.0.113.7", failed_at=utcnow() - age)
    db.session.add(failure)
    return failure


def _remaining_usernames() -> set[str]:
    return set(db.session.scalars(select(LoginFailure.username)))


def test_enqueue_without_redis_runs_the_job_in_process(app, caplog):
    assert app.config["REDIS_URL"] is None
    caplog.set_level(logging.INFO, logger="webapp.jobs.queue")

    handle = enqueue(lambda a, b=0: a + b, 2, b=3)

    assert isinstance(handle, JobHandle)
    assert handle.queued is False
    assert handle.result == 5
    assert handle.id.startswith("inline-")
    assert any(
        "REDIS_URL not set" in record.getMessage() and handle.id in record.getMessage()
        for record in caplog.records
    )


def test_enqueue_without_redis_lets_job_errors_reach_the_caller(app):
    def broken():
        raise ValueError("hỏng")

    with pytest.raises(ValueError, match="hỏng"):
        enqueue(broken)


def test_prune_login_failures_deletes_only_old_rows(app):
    _failure("cu-lam-roi", timedelta(hours=25))
    _failure("cu-hon-nua", timedelta(days=30))
    _failure("vua-xong", timedelta(minutes=5))
    _failure("gan-het-han", timedelta(hours=23))
    db.session.flush()

    handle = enqueue(prune_login_failures)

    assert handle.queued is False
    assert handle.result == 2
    assert _remaining_usernames() == {"vua-xong", "gan-het-han"}


def test_prune_login_failures_honours_max_age(app):
    _failure("hai-gio", timedelta(hours=2))
    _failure("muoi-phut", timedelta(minutes=10))
    db.session.flush()

    assert prune_login_failures(max_age_hours=1) == 1
    assert _remaining_usernames() == {"muoi-phut"}


def test_worker_without_redis_refuses_with_message_on_stderr(runner):
    result = runner.invoke(args=["worker", "--burst"])

    assert result.exit_code != 0
    assert "REDIS_URL chưa được đặt" in result.stderr


# --- a real RQ worker ---------------------------------------------------------------------------


@pytest.mark.redis
def test_real_worker_runs_queued_prune_job(fresh_database, redis_url, redis_keys_cleaned):
    migrated = run_flask(fresh_database, redis_url, "db", "upgrade")
    assert migrated.returncode == 0, migrated.stderr
    live_app = create_app(app_settings(fresh_database, REDIS_URL=redis_url))
    with live_app.app_context():
        _failure("cu-lam-roi", timedelta(days=3))
        _failure("vua-xong", timedelta(minutes=1))
        db.session.commit()

        handle = enqueue(prune_login_failures, max_age_hours=24)

        assert handle.queued is True
        assert handle.result is None
        assert _remaining_usernames() == {"cu-lam-roi", "vua-xong"}  # nothing ran here
        db.session.remove()
        db.engine.dispose()

    worked = run_flask(fresh_database, redis_url, "worker", "--burst")

    assert worked.returncode == 0, worked.stderr
    job = Job.fetch(handle.id, connection=redis_keys_cleaned)
    assert job.get_status() == JobStatus.FINISHED, worked.stderr
    assert job.return_value() == 1
    with live_app.app_context():
        try:
            assert _remaining_usernames() == {"vua-xong"}
        finally:
            db.session.remove()
            db.engine.dispose()
