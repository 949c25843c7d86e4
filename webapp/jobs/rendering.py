"""Rendering jobs: one letter after signing, or many letters in one batch with progress.

A job renders first, reading only, then stores everything in one short write transaction:
rendering a batch takes seconds, and SQLite lets one writer at a time hold the database.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from rq import get_current_job
from sqlalchemy.exc import OperationalError

from webapp.database import reading_only
from webapp.directives.models import Directive
from webapp.documents.storage import render_letter, store_rendering
from webapp.extensions import db
from webapp.jobs import current_job_id, job
from webapp.jobs.queue import DEFAULT_QUEUE, JobHandle, enqueue
from workflows.errors import DomainError

log = logging.getLogger(__name__)
T = TypeVar("T")
STORE_ATTEMPTS = 6
# Messages of a write that lost a race for a lock and may simply be tried again.
RETRYABLE = ("database is locked", "deadlock detected")
RENDERED_SHARE = 0.95  # of the progress, the rest is storing
# Letters per rendering job: small enough for several workers to share a large batch.
LETTERS_PER_JOB = 50
SECONDS_PER_LETTER = 10
# One job id per letter: the recovery sweep knows whether its rendering is queued already.
RENDER_JOB = "render-letter-{}"


def enqueue_rendering(
    directive_ids: Sequence[int], per_job: int = LETTERS_PER_JOB, queue: str = DEFAULT_QUEUE
) -> list[JobHandle]:
    """Queue the rendering of many letters, split into jobs that report their progress."""
    ids = list(directive_ids)
    chunks = [ids[start : start + per_job] for start in range(0, len(ids), per_job)]
    return [
        enqueue(render_batch, chunk, queue=queue, timeout=max(600, SECONDS_PER_LETTER * len(chunk)))
        for chunk in chunks
    ]


@job
def render_directive(directive_id: int) -> list[int]:
    """Render one letter to DOCX and PDF, store both and return their document ids."""
    with reading_only():
        directive = db.session.get(Directive, directive_id)
        if directive is None:
            log.warning("job %s: directive %s not found", current_job_id(), directive_id)
            return []
        rendering = render_letter(directive)
        db.session.commit()

    def store() -> list[int]:
        directive = db.session.get(Directive, directive_id)
        return [doc.id for doc in store_rendering(directive, rendering)]

    return _store_and_commit(store)


@job
def render_batch(directive_ids: list[int]) -> list[int]:
    """Render many letters in one job, reporting progress; return the ids rendered."""
    current = get_current_job()
    total = len(directive_ids) or 1
    renderings = []
    _report(current, 0.0)
    with reading_only():
        for index, directive_id in enumerate(directive_ids, start=1):
            directive = db.session.get(Directive, directive_id)
            if directive is None:
                log.warning("job %s: directive %s not found", current_job_id(), directive_id)
            else:
                renderings.append(render_letter(directive))
            _report(current, RENDERED_SHARE * index / total)
        db.session.commit()
    done = _store_and_commit(lambda: _store_each(renderings))
    _report(current, 1.0, done=len(done))
    return done


def _store_each(renderings: list) -> list[int]:
    """Store each rendering in its own savepoint; a refused letter spares the others."""
    done = []
    for rendering in renderings:
        try:
            with db.session.begin_nested():
                directive = db.session.get(Directive, rendering.directive_id)
                store_rendering(directive, rendering)
        except DomainError as refused:
            log.warning(
                "job %s: directive %s not stored: %s",
                current_job_id(),
                rendering.directive_id,
                refused.message,
            )
        else:
            done.append(rendering.directive_id)
    return done


def _store_and_commit(store: Callable[[], T]) -> T:
    """Run the storing step in a fresh transaction and commit, again if it lost a lock race."""
    # End the reading transaction: SQLite refuses to turn a stale snapshot into a write.
    db.session.commit()
    attempt = 1
    while True:
        try:
            result = store()
            db.session.commit()
            return result
        except OperationalError as error:
            db.session.rollback()
            if attempt >= STORE_ATTEMPTS or not any(m in str(error) for m in RETRYABLE):
                raise
        log.info("job %s: storing lost a lock race, try %s", current_job_id(), attempt + 1)
        time.sleep(random.uniform(0.05, 0.1) * 2**attempt)
        attempt += 1


def _report(current, fraction: float, **extra) -> None:
    if current is not None:
        current.meta["progress"] = round(fraction, 3)
        current.meta.update(extra)
        current.save_meta()
