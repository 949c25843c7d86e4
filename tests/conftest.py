"""Fixtures: one migrated database per run, one rolled-back transaction per test."""

from __future__ import annotations

import os
import re
import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask import g, request_started
from flask_migrate import upgrade
from redis import Redis
from sqlalchemy.orm import scoped_session, sessionmaker

from tests import factories
from tests.databases import create_database, drop_database
from tests.factories import PASSWORD
from webapp import create_app
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.main.kept_todo import kept_todo
from webapp.stats.rendered import rendered_parts
from webapp.units.models import Unit

TEST_SECRET = secrets.token_urlsafe(48)


def pytest_configure(config) -> None:
    """Under pytest-xdist, give each worker a Redis database of its own (the one named by
    REDIS_URL plus the worker's number plus one), so that one worker's queues, jobs and keys are
    never another's. Each worker already makes its own SQL databases."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("REDIS_URL")
    if not (worker.startswith("gw") and url):
        return
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = base + int(worker.removeprefix("gw")) + 1
    os.environ["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{database}"))


def app_settings(database_url: str, **extra) -> dict:
    """Settings for an app under test."""
    return {
        "APP_ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": None,
        **extra,
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh, migrated database for the whole run (SQLite, or PostgreSQL from DATABASE_URL)."""
    url = create_database(tmp_path_factory.mktemp("db"), "test")
    migrating_app = create_app(app_settings(url))
    with migrating_app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def _session_app(database_url):
    app = create_app(app_settings(database_url))
    yield app
    with app.app_context():
        db.engine.dispose()


def _fresh_request_globals(_sender, **_extra) -> None:
    # The test's app context outlives each request, so flask.g would carry the last request's
    # user and CSRF token into the next one; a real server starts every request with an empty g.
    g.__dict__.clear()


@pytest.fixture
def app(_session_app):
    """The app, inside a transaction that is rolled back after the test."""
    with (
        _session_app.app_context(),
        request_started.connected_to(_fresh_request_globals, _session_app),
    ):
        connection = db.engine.connect()
        transaction = connection.begin()
        original_session = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        )
        try:
            yield _session_app
        finally:
            db.session.remove()
            db.session = original_session
            transaction.rollback()
            connection.close()
            # The rollback takes the data back, which no import ever does: the next test may
            # reach the same data version with other figures.
            if (parts := rendered_parts(_session_app)) is not None:
                parts.clear()
            if (waiting := kept_todo(_session_app)) is not None:
                waiting.clear()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's CLI commands."""
    return app.test_cli_runner(mix_stderr=False) if _runner_mixes() else app.test_cli_runner()


def _runner_mixes() -> bool:
    import inspect

    from flask.testing import FlaskCliRunner

    return "mix_stderr" in inspect.signature(FlaskCliRunner.__init__).parameters


@pytest.fixture
def make_unit(app):
    """Build a unit: make_unit("ANBINH", "UBND phường An Bình", kind="ward")."""
    return factories.unit


@pytest.fixture
def wards(make_unit) -> list[Unit]:
    """Two wards, An Bình and Tân Mai, committed: a rejected import rolls back to here."""
    units = [make_unit("ANBINH"), make_unit("TANMAI")]
    db.session.commit()
    return units


@pytest.fixture
def redis_url():
    """The test Redis server (REDIS_URL); the test is skipped without one."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: no Redis server to run a real RQ worker against")
    return url


@pytest.fixture
def redis_keys_cleaned(redis_url):
    """A Redis client; every key that appears during the test is deleted afterwards."""
    connection = Redis.from_url(redis_url)
    before = set(connection.scan_iter(match="rq:*"))
    try:
        yield connection
    finally:
        created = set(connection.scan_iter(match="rq:*")) - before
        if created:
            connection.delete(*created)
        connection.close()


@pytest.fixture
def make_user(app):
    """Build a user: make_user("office"), make_user("unit", unit=unit)."""
    return factories.user


@pytest.fixture
def api_token(app):
    """Return a bearer header for a user: api_token(user) -> {"Authorization": ...}."""
    return factories.bearer


class AuthActions:
    """Log in and out through the real pages, CSRF token included."""

    def __init__(self, client):
        self._client = client

    def csrf_token(self, path: str = "/login") -> str:
        page = self._client.get(path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, username: str, password: str = PASSWORD):
        return self._client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": self.csrf_token()},
        )

    def logout(self):
        token = self.csrf_token("/account")
        return self._client.post("/logout", data={"csrf_token": token})

    def change_password(self, new_password: str, current_password: str = PASSWORD):
        return self._client.post(
            "/account",
            data={
                "current_password": current_password,
                "new_password": new_password,
                "confirm": new_password,
                "csrf_token": self.csrf_token("/account"),
            },
        )


@pytest.fixture
def auth(client):
    """Log the test client in and out."""
    return AuthActions(client)


@pytest.fixture
def fresh_database(tmp_path):
    """A new empty database that other processes can use; dropped after the test."""
    url = create_database(tmp_path, "live")
    yield url
    drop_database(url)


__all__ = ["PASSWORD", "Role", "app_settings"]
