"""Twenty leaders sign at the same instant: each gets its own number, 1..N, no repeat, no gap."""

# Runs against a fresh migrated database (PostgreSQL when DATABASE_URL names one, else SQLite), with
# one connection per signer. PostgreSQL makes concurrent signers wait on the counter's row lock, so
# every signing succeeds on its first attempt. SQLite has one writer at a time; a deferred
# transaction that read before another signer committed is refused with "database is locked" (its
# WAL snapshot is stale) instead of waiting, so there the signing is retried whole, as a caller must.

from __future__ import annotations

import os
import random
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from tests import factories
from tests.conftest import app_settings
from webapp import create_app
from webapp.directives.models import Directive
from webapp.directives.numbering import take_number
from webapp.directives.register.models import RegisterCounter, RegisterEntry
from webapp.extensions import db

PROJECT_ROOT = Path(__file__).resolve().parents[3]
FLASK = str(Path(sys.executable).with_name("flask"))
SIGNERS = 20
LETTER_DATE = date(2024, 1, 24)
# How long a signer keeps its transaction open after taking a number, so the others pile up.
HOLD_SECONDS = 0.01
MAX_ATTEMPTS = 500


@dataclass
class Outcome:
    directive_id: int
    keep: bool
    number: int | None = None
    attempts: int = 0
    error: BaseException | None = None


def migrate(database_url: str) -> None:
    env = dict(
        os.environ,
        APP_ENV="testing",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
    )
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [FLASK, "--app", "webapp", "db", "upgrade"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def live_app(fresh_database):
    """Yield an app on a fresh migrated database, with a connection for every signer."""
    migrate(fresh_database)
    options = {"pool_size": SIGNERS + 5, "max_overflow": 0, "pool_timeout": 60}
    if fresh_database.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    app = create_app(app_settings(fresh_database, SQLALCHEMY_ENGINE_OPTIONS=options))
    yield app
    with app.app_context():
        db.engine.dispose()


def prepare(app) -> tuple[int, list[int]]:
    """Commit one issuing body and its unnumbered directives; return their ids."""
    with app.app_context():
        body = factories.issuing_body()
        letters = [
            factories.letter(
                body,
                subject=f"chấn chỉnh công tác giải quyết TTHC (lần {i + 1})",
                letter_date=LETTER_DATE,
            )
            for i in range(SIGNERS)
        ]
        db.session.commit()
        return body.id, [letter.id for letter in letters]


def is_busy(error: OperationalError) -> bool:
    return "database is locked" in str(error.orig) or "database is busy" in str(error.orig)


def sign(app, outcome: Outcome, barrier: threading.Barrier) -> None:
    """Take the directive's number at the barrier, then commit or roll back."""
    try:
        with app.app_context():
            directive = db.session.get(Directive, outcome.directive_id)
            barrier.wait(timeout=60)
            while True:
                outcome.attempts += 1
                try:
                    number = take_number(directive)
                    time.sleep(HOLD_SECONDS)
                    if outcome.keep:
                        db.session.commit()
                        outcome.number = number
                    else:
                        db.session.rollback()
                    return
                except OperationalError as error:
                    db.session.rollback()
                    if not is_busy(error) or outcome.attempts >= MAX_ATTEMPTS:
                        raise
                    time.sleep(random.uniform(0.001, 0.02))
                    directive = db.session.get(Directive, outcome.directive_id)
    except BaseException as error:  # reported by the main thread
        outcome.error = error


def sign_together(app, directive_ids: list[int], keep) -> list[Outcome]:
    outcomes = [Outcome(directive_id, keep(i)) for i, directive_id in enumerate(directive_ids)]
    barrier = threading.Barrier(len(outcomes))
    threads = [threading.Thread(target=sign, args=(app, o, barrier)) for o in outcomes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a signer never finished"
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    return outcomes


def stored(app, body_id: int) -> tuple[list[int], dict[int, int | None], int]:
    """Return the register's numbers, each directive's number and the counter's last number."""
    with app.app_context():
        numbers = list(
            db.session.scalars(
                select(RegisterEntry.number)
                .where(RegisterEntry.issuing_body_id == body_id, RegisterEntry.year == 2024)
                .order_by(RegisterEntry.number)
            )
        )
        by_directive = dict(db.session.execute(select(Directive.id, Directive.number)).all())
        last = db.session.scalar(
            select(func.max(RegisterCounter.last_number)).where(
                RegisterCounter.issuing_body_id == body_id, RegisterCounter.year == 2024
            )
        )
        return numbers, by_directive, last


def assert_waited_on_postgres(app, outcomes: list[Outcome]) -> None:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert [o.attempts for o in outcomes] == [1] * len(outcomes), "PostgreSQL should wait"


def test_twenty_simultaneous_signings_take_1_to_20(live_app):
    body_id, directive_ids = prepare(live_app)

    outcomes = sign_together(live_app, directive_ids, keep=lambda _i: True)

    assert sorted(o.number for o in outcomes) == list(range(1, SIGNERS + 1))
    numbers, by_directive, last = stored(live_app, body_id)
    assert numbers == list(range(1, SIGNERS + 1))
    assert {o.directive_id: o.number for o in outcomes} == by_directive
    assert last == SIGNERS
    assert_waited_on_postgres(live_app, outcomes)


def test_rolled_back_signings_leave_no_gap(live_app):
    body_id, directive_ids = prepare(live_app)

    outcomes = sign_together(live_app, directive_ids, keep=lambda i: i % 2 == 1)

    kept = [o for o in outcomes if o.keep]
    assert sorted(o.number for o in kept) == list(range(1, len(kept) + 1))
    numbers, by_directive, last = stored(live_app, body_id)
    assert numbers == list(range(1, len(kept) + 1))
    assert {o.directive_id: o.number for o in kept} == {
        d: n for d, n in by_directive.items() if n is not None
    }
    assert all(by_directive[o.directive_id] is None for o in outcomes if not o.keep)
    assert last == len(kept)
    assert_waited_on_postgres(live_app, outcomes)
