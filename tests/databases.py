"""Make and drop throw-away databases for a test run: a SQLite file or a new PostgreSQL database."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url


def server_url() -> str | None:
    """Return the PostgreSQL server the tests should use, or None for SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgresql", "postgres")) else None


def create_database(tmp_dir: Path, label: str) -> str:
    """Create an empty database and return its SQLAlchemy URL."""
    base = server_url()
    if base is None:
        return f"sqlite:///{tmp_dir / f'{label}-{uuid.uuid4().hex[:8]}.sqlite3'}"
    name = f"dondoc_{label}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(_sqlalchemy(base)).set(database=name).render_as_string(hide_password=False)


def copy_database(template_url: str, tmp_dir: Path, label: str) -> str:
    """Create a database holding what the template holds (nobody may be connected to it) and
    return its URL: a SQLite file copied whole through SQLite's backup, or a PostgreSQL database
    made from the template."""
    if template_url.startswith("sqlite"):
        url = create_database(tmp_dir, label)
        with (
            sqlite3.connect(make_url(template_url).database) as source,
            sqlite3.connect(make_url(url).database) as target,
        ):
            source.backup(target)
        source.close()
        target.close()
        return url
    name = f"dondoc_{label}_{uuid.uuid4().hex[:10]}"
    template = make_url(template_url).database
    with psycopg.connect(_libpq(server_url()), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return make_url(template_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop a database made by create_database."""
    if url.startswith("sqlite"):
        return
    name = make_url(url).database
    with psycopg.connect(_libpq(server_url()), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlalchemy(url: str) -> str:
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _libpq(url: str) -> str:
    return (
        make_url(_sqlalchemy(url))
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
