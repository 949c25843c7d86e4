"""The whole cycle on real services: PostgreSQL, Redis, an RQ worker with its scheduler, SMTP.

January (the demo city's figures) → draft → sign → issue → a unit reports with a PDF → the
leader accepts → February is imported by the worker → the criteria are judged → one unit is
confirmed, the other is proposed a follow-up with its repeat count → reminders go out once.
"""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import time
from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import select

from tests.conftest import app_settings
from tests.databases import server_url
from tests.february import february_dossiers
from tests.processes import FLASK, PROJECT_ROOT, run_command, stop_group
from tests.smtp import smtp_server
from webapp import create_app
from webapp.auth.models import User
from webapp.auth.operations import issue_api_token
from webapp.directives.models import Directive
from webapp.directives.operations import (
    after_signing,
    approve_directive,
    draft_directive,
    submit_directive,
)
from webapp.documents.models import RenderedDocument
from webapp.extensions import db
from webapp.jobs.reminders import send_reminders
from webapp.notifications.models import EmailStatus, Notification, ReminderSent
from webapp.tasks.compliance import order_follow_up
from webapp.tasks.models import CriterionCheck, UnitTask
from workflows.periods import local_today

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

PASSWORD = "mat-khau-chu-trinh-1"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def wait_until(check, seconds: float = 60, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # a fresh snapshot: the worker commits in its own process
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def services(fresh_database, tmp_path):
    if server_url() is None or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    redis_url = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/7"  # a database of its own
    Redis.from_url(redis_url).flushdb()
    with smtp_server() as mailbox:
        env = dict(
            os.environ,
            APP_ENV="testing",
            SECRET_KEY=secrets.token_urlsafe(48),
            DATABASE_URL=fresh_database,
            REDIS_URL=redis_url,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(mailbox.port),
            DEMO_PASSWORD=PASSWORD,
        )
        run_command(env, "db", "upgrade")
        run_command(env, "demo")
        log = (tmp_path / "worker.log").open("w")
        worker = subprocess.Popen(
            [FLASK, "--app", "webapp", "worker"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        app = create_app(
            app_settings(
                fresh_database,
                REDIS_URL=redis_url,
                SMTP_HOST="127.0.0.1",
                SMTP_PORT=mailbox.port,
            )
        )
        try:
            with app.app_context():
                yield app, mailbox, redis_url
                db.session.remove()
                db.engine.dispose()
        finally:
            stop_group(worker)
            log.close()
            Redis.from_url(redis_url).flushdb()


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def test_january_to_february_through_the_real_services(services):
    app, mailbox, redis_url = services
    client = app.test_client()
    office, chairman = user("vanphong"), user("chutich")
    buuhoa, tamphuoc = user("buuhoa"), user("tamphuoc")
    for account in (buuhoa, tamphuoc, chairman):
        account.email = f"{account.username}@bienhoa.gov.vn"
    db.session.commit()

    letter = draft_directive(office, "2024-01")
    submit_directive(office, letter)
    approve_directive(chairman, letter)
    db.session.commit()
    after_signing(letter)
    letter_id, number = letter.id, letter.number_text
    assert number == "01/UBND-VP"
    wait_until(
        lambda: (
            len(
                db.session.scalars(
                    select(RenderedDocument).where(RenderedDocument.directive_id == letter_id)
                ).all()
            )
            == 2
        ),
        what="the worker to render the signed letter",
    )

    tokens = {
        name: {"Authorization": f"Bearer {issue_api_token(None, user(name))}"}
        for name in ("vanphong", "chutich", "buuhoa", "tamphuoc")
    }
    db.session.commit()
    issued = client.post(f"/api/v1/directives/{letter_id}/issue", headers=tokens["vanphong"])
    assert issued.status_code == 201, issued.json
    # Each unit was told, and its users with an address got the e-mail through the worker.
    messages = mailbox.wait_for(2)
    assert {e.rcpt_tos[0] for e in messages} >= {"buuhoa@bienhoa.gov.vn", "tamphuoc@bienhoa.gov.vn"}

    mine = client.get("/api/v1/tasks", headers=tokens["buuhoa"]).json
    rate_task = next(t for t in mine if t["assignment_position"] == 1)
    reported = client.post(
        f"/api/v1/tasks/{rate_task['id']}/reports",
        data={
            "text": "Đã rà soát, giải quyết đúng hạn.",
            "percent": "100",
            "files": [(io.BytesIO(PDF), "bao-cao-buu-hoa.pdf")],
        },
        headers=tokens["buuhoa"],
        content_type="multipart/form-data",
    )
    assert reported.status_code == 201, reported.json
    accepted = client.post(
        f"/api/v1/reports/{reported.json['id']}/accept",
        json={"comment": "Đạt"},
        headers=tokens["chutich"],
    )
    assert accepted.status_code == 200

    queued = client.post(
        "/api/v1/imports",
        data={"kind": "dossiers", "file": (io.BytesIO(february_dossiers()), "ho-so-t2.csv")},
        headers=tokens["vanphong"],
        content_type="multipart/form-data",
    )
    assert queued.status_code == 202, queued.json
    import_id = queued.json["id"]
    wait_until(
        lambda: (
            client.get(f"/api/v1/imports/{import_id}", headers=tokens["vanphong"]).json["status"]
            == "done"
        ),
        what="the worker to import February",
    )
    checks = {
        check.task.unit.code: check
        for check in db.session.scalars(
            select(CriterionCheck).where(CriterionCheck.period == "2024-02")
        )
        if check.task.assignment.position == 1
    }
    assert checks["BUUHOA"].met is True
    assert checks["TAMPHUOC"].met is False and checks["TAMPHUOC"].repeat_count == 4

    confirmed = client.post(
        f"/api/v1/tasks/{rate_task['id']}/confirm",
        json={"comment": "Đạt 100%."},
        headers=tokens["chutich"],
    )
    assert confirmed.json["state"] == "confirmed"
    follow_up = order_follow_up(user("chutich"), db.session.get(Directive, letter_id), "2024-02")
    db.session.commit()
    assert follow_up.kind.value == "criticism"
    assert "Tam Phước" in " ".join(a.text + a.heading for a in follow_up.assignments)
    trail = client.get(
        f"/api/v1/audit?entity=unit_task&id={rate_task['id']}", headers=tokens["vanphong"]
    ).json
    assert [e["action"] for e in trail] == ["create", "report", "accept", "evaluate", "confirm"]

    # Reminders through RQ's scheduler: tomorrow's deadline, sent once, e-mailed once.
    tamphuoc_task = db.session.scalars(
        select(UnitTask).where(UnitTask.unit_id == tamphuoc.unit_id)
    ).first()
    tamphuoc_task.deadline = local_today() + timedelta(days=1)
    db.session.commit()
    before = len(mailbox.messages)
    queue = Queue("default", connection=Redis.from_url(redis_url))
    queue.enqueue_in(timedelta(seconds=1), send_reminders, job_id="reminders-test-1")
    sent = wait_until(
        lambda: db.session.scalars(
            select(ReminderSent).where(ReminderSent.task_id == tamphuoc_task.id)
        ).all(),
        what="the scheduled reminder run",
    )
    assert [r.kind for r in sent] == ["before"]
    mailbox.wait_for(before + 1)
    queue.enqueue_in(timedelta(seconds=1), send_reminders, job_id="reminders-test-2")
    time.sleep(8)
    db.session.rollback()
    assert (
        len(
            db.session.scalars(
                select(ReminderSent).where(ReminderSent.task_id == tamphuoc_task.id)
            ).all()
        )
        == 1
    )
    emailed = db.session.scalars(
        select(Notification).where(Notification.email_status == EmailStatus.SENT)
    ).all()
    assert len(mailbox.messages) == len(emailed)
