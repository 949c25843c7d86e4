"""SQLite transactions that read and then write behind another connection's write lock: begun as
a writer (how a worker runs its jobs) they wait for it; begun as a reader they cannot."""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests.conftest import app_settings
from webapp import create_app
from webapp.extensions import db


def read_then_write(app, has_read: threading.Event, outcome: dict) -> None:
    with app.app_context():
        try:
            count = db.session.execute(text("SELECT count(*) FROM counted")).scalar_one()
            has_read.set()
            db.session.execute(text("INSERT INTO counted (n) VALUES (:n)"), {"n": count + 1})
            db.session.commit()
            outcome["stored"] = count + 1
        except OperationalError as error:
            db.session.rollback()
            outcome["error"] = str(error.orig)
        finally:
            db.session.remove()


def behind_a_held_write_lock(tmp_path, begin_immediate: bool) -> dict:
    """Run read_then_write while another connection holds the write lock, then let it commit."""
    path = tmp_path / "locks.sqlite3"
    app = create_app(app_settings(f"sqlite:///{path}", SQLITE_BEGIN_IMMEDIATE=begin_immediate))
    with app.app_context():
        db.session.execute(text("CREATE TABLE counted (n INTEGER NOT NULL)"))
        db.session.commit()
        db.session.remove()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    has_read, outcome = threading.Event(), {}
    job = threading.Thread(target=read_then_write, args=(app, has_read, outcome))
    job.start()
    if begin_immediate:
        job.join(1)  # waiting at BEGIN, before its read
    else:
        assert has_read.wait(30)
        job.join(30)  # failed at its write
    holder.execute("INSERT INTO counted (n) VALUES (100)")
    holder.execute("COMMIT")
    holder.close()
    job.join(30)
    with app.app_context():
        db.engine.dispose()
    return outcome


def test_a_transaction_begun_as_a_writer_waits_for_the_lock_and_sees_the_other_write(tmp_path):
    assert behind_a_held_write_lock(tmp_path, begin_immediate=True) == {"stored": 2}


def test_a_transaction_begun_as_a_reader_fails_when_it_must_write_behind_another(tmp_path):
    assert behind_a_held_write_lock(tmp_path, begin_immediate=False) == {
        "error": "database is locked"
    }
