"""RQ jobs. Each takes ids, opens an app context, calls operations, and commits once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from flask import has_app_context
from rq import get_current_job

from webapp.extensions import db

log = logging.getLogger(__name__)


@contextmanager
def app_context() -> Iterator[None]:
    """Run in the caller's app: the in-process run's, or the worker's (`flask worker` forks each
    job from a process inside the app)."""
    if not has_app_context():
        raise RuntimeError(
            "A job runs inside the app: start workers with `flask --app webapp worker` "
            "(or `rq worker -w webapp.jobs.standalone.AppWorker`)."
        )
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
                db.session.rollback()
                log.exception("job %s: %s failed", job_id, func.__name__)
                raise
            log.info("job %s: %s finished", job_id, func.__name__)
            return result

    return run
