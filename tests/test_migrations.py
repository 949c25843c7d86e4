"""The migrations: they match the models, go down and up again, and keep the audit append-only."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import app_settings
from webapp import create_app
from webapp.extensions import db

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).with_name("flask"))
APP_TABLES = {
    "units",
    "users",
    "api_tokens",
    "login_failures",
    "issuing_bodies",
    "signers",
    "audit_events",
}


def flask_command(database_url: str, *args: str) -> subprocess.CompletedProcess:
    """Run `flask --app webapp ...` in its own process against the given database."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(APP_ENV="testing", SECRET_KEY=secrets.token_urlsafe(48), DATABASE_URL=database_url)
    return subprocess.run(
        [FLASK, "--app", "webapp", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _compare_with_models(database_url: str, metadata: MetaData | None = None):
    """Compare the database with the models the way `flask db migrate` would.

    Returns the options Flask-Migrate hands to migrations/env.py and the differences found.
    """
    app = create_app(app_settings(database_url))
    with app.app_context():
        options = dict(app.extensions["migrate"].configure_args)
        try:
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts=options)
                return options, compare_metadata(context, metadata or db.metadata)
        finally:
            db.engine.dispose()


def test_models_match_the_migrated_schema(database_url):
    options, differences = _compare_with_models(database_url)

    assert options["compare_type"] is True
    assert options["render_as_batch"] is True
    assert differences == []


def test_comparison_notices_a_table_the_migrations_lack(database_url):
    """The comparison above is not vacuous: a model table with no migration shows up."""
    metadata = MetaData()
    for table in db.metadata.tables.values():
        table.to_metadata(metadata)
    Table("not_migrated_yet", metadata, Column("id", Integer, primary_key=True))

    _options, differences = _compare_with_models(database_url, metadata)

    assert [(diff[0], diff[1].name) for diff in differences] == [("add_table", "not_migrated_yet")]


def _head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def _insert_audit_event(connection) -> int:
    connection.execute(
        text(
            "INSERT INTO audit_events (occurred_at, actor_name, entity, entity_id, action, comment, "
            "address) VALUES (CURRENT_TIMESTAMP, 'admin', 'user', '1', 'create', '', '')"
        )
    )
    return connection.execute(text("SELECT max(id) FROM audit_events")).scalar_one()


def test_upgrade_downgrade_upgrade_in_separate_processes(fresh_database):
    upgraded = flask_command(fresh_database, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr

    engine = create_engine(fresh_database)
    try:
        assert set(inspect(engine).get_table_names()) >= APP_TABLES
        engine.dispose()

        downgraded = flask_command(fresh_database, "db", "downgrade", "base")
        assert downgraded.returncode == 0, downgraded.stderr
        assert set(inspect(engine).get_table_names()) & APP_TABLES == set()
        engine.dispose()

        upgraded_again = flask_command(fresh_database, "db", "upgrade")
        assert upgraded_again.returncode == 0, upgraded_again.stderr
        assert set(inspect(engine).get_table_names()) >= APP_TABLES
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert revision.scalar_one() == _head_revision()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET action = 'tampered' WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
    ],
)
def test_database_refuses_to_change_audit_events(fresh_database, statement):
    assert flask_command(fresh_database, "db", "upgrade").returncode == 0

    engine = create_engine(fresh_database)
    try:
        with engine.begin() as connection:
            event_id = _insert_audit_event(connection)
        with engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement), {"id": event_id})
        with engine.connect() as connection:
            action = connection.execute(
                text("SELECT action FROM audit_events WHERE id = :id"), {"id": event_id}
            )
            assert action.scalar_one() == "create"
    finally:
        engine.dispose()


def test_failed_upgrade_exits_non_zero_with_message(tmp_path):
    missing_dir = tmp_path / "missing" / "db.sqlite3"
    result = flask_command(f"sqlite:///{missing_dir}", "db", "upgrade")

    assert result.returncode != 0
    assert "unable to open database file" in result.stderr
