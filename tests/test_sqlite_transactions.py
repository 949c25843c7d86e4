"""SQLite transactions that read and then write behind another connection's write lock: begun as
a writer (a worker's job, a form or API call that changes something) they wait for it; begun as a
reader they cannot."""

from __future__ import annotations

import sqlite3
import threading
import time

from flask import request_started
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests import factories
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


def test_a_form_posted_while_another_connection_writes_waits_and_is_answered(tmp_path):
    path = tmp_path / "pages.sqlite3"
    app = create_app(app_settings(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        factories.user("office", username="vanphong", password="mat-khau-dung-1")
        db.session.commit()
        db.session.remove()
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    posted, answer = threading.Event(), {}

    def log_in_with_a_wrong_password() -> None:
        with request_started.connected_to(lambda *_a, **_k: posted.set(), app):
            answer["response"] = client.post(
                "/login", data={"username": "vanphong", "password": "mat-khau-sai"}
            )

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    request = threading.Thread(target=log_in_with_a_wrong_password)
    request.start()
    assert posted.wait(30)
    time.sleep(0.5)  # the login reads the account, then records the failure behind the lock
    holder.execute("COMMIT")
    holder.close()
    request.join(60)
    with app.app_context():
        db.engine.dispose()

    response = answer["response"]
    assert response.status_code == 401  # refused, not 503 "try again"
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text
