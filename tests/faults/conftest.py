"""Fixtures of the fault tests: a database and a Redis of the test's own, the small city on them,
and the ways to make a job wait mid-way (a lock held on the tables it writes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

import psycopg
import pytest
from flask import Flask, request_started
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import AuthActions, _fresh_request_globals, app_settings
from tests.factories import City, small_city
from tests.faults.services import Redis, Worker
from tests.processes import run_flask
from webapp import create_app
from webapp.extensions import db

# Seconds between a worker's heartbeats in these tests: a killed worker's job is known dead
# after three of them.
HEARTBEAT = 1


@dataclass
class Live:
    """An app on a database of its own, with the small city committed, and the test's Redis."""

    app: Flask
    city: City
    database_url: str
    redis: Redis
    workers: list[Worker] = field(default_factory=list)

    def worker(self, log_folder) -> Worker:
        """A worker on this database and Redis, killed at the test's end if still running."""
        worker = Worker(
            self.database_url,
            self.redis.url,
            log_folder / "worker.log",
            WORKER_HEARTBEAT_SECONDS=str(HEARTBEAT),
        )
        self.workers.append(worker)
        return worker

    def client(self, username: str):
        """A test client logged in as that user."""
        client = self.app.test_client()
        assert AuthActions(client).login(username).status_code == 302
        return client

    def fresh(self) -> None:
        """See what other processes committed."""
        db.session.rollback()
        db.session.expire_all()

    def backdate(self, table: str, column: str, row_id: int, minutes: int = 2) -> None:
        """Make a row look older ("queued a while ago"), past the recovery sweep's grace."""
        row = db.session.execute(
            text(f"SELECT {column} FROM {table} WHERE id = :id"), {"id": row_id}
        ).scalar_one()
        if isinstance(row, str):  # SQLite keeps UTC text
            from datetime import datetime

            row = datetime.fromisoformat(row)
        db.session.execute(
            text(f"UPDATE {table} SET {column} = :moment WHERE id = :id"),
            {"moment": row - timedelta(minutes=minutes), "id": row_id},
        )
        db.session.commit()


@pytest.fixture
def redis_server(tmp_path) -> Iterator[Redis]:
    """A redis-server of this test's own, killed at the end."""
    server = Redis(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def live(fresh_database, redis_server) -> Iterator[Live]:
    """The small city on a migrated database of its own, the app using the test's Redis."""
    migrated = run_flask(fresh_database, "", "db", "upgrade")
    assert migrated.returncode == 0, migrated.stderr
    app = create_app(
        app_settings(fresh_database, REDIS_URL=redis_server.url, WORKER_HEARTBEAT_SECONDS=HEARTBEAT)
    )
    with app.app_context(), request_started.connected_to(_fresh_request_globals, app):
        city = small_city()
        db.session.commit()
        live = Live(app, city, fresh_database, redis_server)
        yield live
        for worker in live.workers:
            worker.kill()
        db.session.remove()
        db.engine.dispose()


@contextmanager
def writes_held(database_url: str, *tables: str) -> Iterator[None]:
    """Hold the tables' write lock from another connection, so a job waits when it writes them.

    SQLite has one write lock for the whole file; PostgreSQL locks the tables named, reads go on.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
    else:
        connection = psycopg.connect(url.set(drivername="postgresql").render_as_string(False))
        connection.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        connection.rollback()
        connection.close()
