"""RQ jobs. Each takes ids, opens an app context, calls operations, and commits once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from flask import Flask, has_app_context
from rq import get_current_job

log = logging.getLogger(__name__)
_worker_app: Flask | None = None


@contextmanager
def app_context() -> Iterator[None]:
    """Use the caller's app when there is one (in-process run), else this worker's own."""
    global _worker_app
    if has_app_context():
        yield
        return
    if _worker_app is None:
        from webapp import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        yield


def current_job_id() -> str:
    """Return the RQ job id, or "inline" when the job runs in-process."""
    job = get_current_job()
    return job.id if job else "inline"


def job(func: Callable) -> Callable:
    """Make a function a job: it runs in an app context and logs its id at start and end."""

    @wraps(func)
    def run(*args, **kwargs):
        with app_context():
            job_id = current_job_id()
            log.info("job %s: %s started", job_id, func.__name__)
            try:
                result = func(*args, **kwargs)
            except Exception:
                from webapp.extensions import db

                db.session.rollback()
                log.exception("job %s: %s failed", job_id, func.__name__)
                raise
            log.info("job %s: %s finished", job_id, func.__name__)
            return result

    return run
