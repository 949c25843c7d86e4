"""Background jobs: RQ on REDIS_URL when it is set, in-process otherwise.

When Redis is set but cannot be reached, a job runs in-process too, as it would without Redis:
nothing waits on a queue that is gone. Work a lost queue held is not lost either: every job's
purpose is recorded in the database, and the worker's recovery sweep queues it again
(webapp/jobs/recovery.py).
"""

from __future__ import annotations

import enum
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "default"
QUEUE_NAMES = (DEFAULT_QUEUE,)
DEFAULT_TIMEOUT = 600
DEFAULT_RESULT_TTL = 24 * 3600
# A web request waits this long at most for Redis before it gives up on it (seconds).
CONNECT_TIMEOUT = 2
ANSWER_TIMEOUT = 5
# What Redis being away looks like to a client.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class JobState(enum.StrEnum):
    WAITING = "waiting"  # queued, scheduled or deferred
    RUNNING = "running"  # started, and its worker still says so
    GONE = "gone"  # ended, failed, lost with Redis, abandoned by a dead worker, or no queue at all
    UNKNOWN = "unknown"  # Redis cannot be reached to ask


@dataclass(frozen=True)
class JobHandle:
    """What the caller learns about a job it enqueued."""

    id: str
    queued: bool  # False when the job already ran in-process
    result: Any = None


def redis_connection(blocking: bool = False) -> Redis | None:
    """Return a Redis client for REDIS_URL, or None when it is not configured.

    Its answers are waited for a few seconds at most, unless `blocking` (the worker's, which waits
    for jobs).
    """
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    return Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT,
        socket_timeout=None if blocking else ANSWER_TIMEOUT,
        health_check_interval=30,
    )


def enqueue(
    func,
    *args,
    queue: str = DEFAULT_QUEUE,
    timeout: int = DEFAULT_TIMEOUT,
    retries: int = 0,
    job_id: str | None = None,
    **kwargs,
) -> JobHandle:
    """Run a job in the background on RQ, or right now in this process when Redis is not set or
    cannot be reached."""
    connection = redis_connection()
    if connection is None:
        return _run_in_process(func, args, kwargs, "REDIS_URL not set")
    try:
        job = Queue(queue, connection=connection).enqueue_call(
            func,
            args=args,
            kwargs=kwargs,
            timeout=timeout,
            result_ttl=DEFAULT_RESULT_TTL,
            retry=Retry(max=retries) if retries else None,
            job_id=job_id,
        )
    except UNREACHABLE as error:
        log.warning("Redis cannot be reached (%s)", error)
        return _run_in_process(func, args, kwargs, "Redis unreachable")
    log.info("job %s (%s) queued on %s", job.id, func.__name__, queue)
    return JobHandle(id=job.id, queued=True)


def _run_in_process(func, args, kwargs, why: str) -> JobHandle:
    job_id = f"inline-{uuid.uuid4().hex[:12]}"
    log.info("%s: running job %s (%s) in-process", why, job_id, func.__name__)
    return JobHandle(id=job_id, queued=False, result=func(*args, **kwargs))


def job_state(job_id: str) -> JobState:
    """Tell whether a queued job will still run, is running, or is gone.

    A started job whose worker has not sent a heartbeat for three of its intervals died with it.
    """
    connection = redis_connection()
    if connection is None or not job_id:
        return JobState.GONE
    try:
        job = Job.fetch(job_id, connection=connection)
        status = job.get_status()
    except NoSuchJobError:
        return JobState.GONE
    except UNREACHABLE:
        return JobState.UNKNOWN
    if status in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED):
        return JobState.WAITING
    if status == JobStatus.STARTED:
        beat = job.last_heartbeat or job.started_at
        if beat is not None and beat.tzinfo is None:
            beat = beat.replace(tzinfo=UTC)
        silence = timedelta(seconds=3 * current_app.config["WORKER_HEARTBEAT_SECONDS"])
        if beat is not None and datetime.now(UTC) - beat < silence:
            return JobState.RUNNING
    return JobState.GONE


def schedule_next(func, minutes: int, name: str, now: datetime | None = None) -> str | None:
    """Put the next run of a periodic job on RQ's scheduler, at the next multiple of `minutes`;
    return its job id (None without Redis). Scheduling the same run twice keeps one: its id is
    its name and time."""
    connection = redis_connection()
    if connection is None:
        return None
    step = timedelta(minutes=minutes).total_seconds()
    now = now or datetime.now(UTC)
    at = datetime.fromtimestamp((now.timestamp() // step + 1) * step, UTC)
    job_id = f"{name}-{at:%Y%m%dT%H%M}"
    Queue(DEFAULT_QUEUE, connection=connection).enqueue_at(
        at, func, job_id=job_id, result_ttl=DEFAULT_RESULT_TTL
    )
    return job_id
