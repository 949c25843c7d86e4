"""Background jobs: RQ on REDIS_URL when it is set, in-process otherwise."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from flask import current_app
from redis import Redis
from rq import Queue, Retry

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "default"
QUEUE_NAMES = (DEFAULT_QUEUE,)
DEFAULT_TIMEOUT = 600
DEFAULT_RESULT_TTL = 24 * 3600


@dataclass(frozen=True)
class JobHandle:
    """What the caller learns about a job it enqueued."""

    id: str
    queued: bool  # False when the job already ran in-process
    result: Any = None


def redis_connection() -> Redis | None:
    """Return a Redis client for REDIS_URL, or None when it is not configured."""
    url = current_app.config.get("REDIS_URL")
    return Redis.from_url(url) if url else None


def enqueue(
    func,
    *args,
    queue: str = DEFAULT_QUEUE,
    timeout: int = DEFAULT_TIMEOUT,
    retries: int = 0,
    **kwargs,
) -> JobHandle:
    """Run a job in the background on RQ, or right now in this process when Redis is not set."""
    connection = redis_connection()
    if connection is None:
        job_id = f"inline-{uuid.uuid4().hex[:12]}"
        log.info("REDIS_URL not set: running job %s (%s) in-process", job_id, func.__name__)
        result = func(*args, **kwargs)
        return JobHandle(id=job_id, queued=False, result=result)
    job = Queue(queue, connection=connection).enqueue_call(
        func,
        args=args,
        kwargs=kwargs,
        timeout=timeout,
        result_ttl=DEFAULT_RESULT_TTL,
        retry=Retry(max=retries) if retries else None,
    )
    log.info("job %s (%s) queued on %s", job.id, func.__name__, queue)
    return JobHandle(id=job.id, queued=True)
