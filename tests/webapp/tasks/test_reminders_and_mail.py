"""Reminders go out once per task, kind and day, even when the run is repeated or dies midway;
notification e-mails reach a real SMTP server once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.smtp import smtp_server as running_smtp_server
from webapp.extensions import db
from webapp.notifications.mail import claim_pending, send_claimed
from webapp.notifications.models import EmailStatus, Notification, ReminderSent
from webapp.notifications.operations import notify
from webapp.tasks.reminders import send_due_reminders
from workflows.machines.task import State


def working(issued):
    return [t for t in issued.tasks if t.state in (State.NOT_STARTED, State.IN_PROGRESS)]


def sent_count() -> int:
    return db.session.scalar(select(func.count(ReminderSent.id)))


def test_each_reminder_goes_once_however_often_the_run_repeats(issued):
    deadline = issued.tasks[0].deadline
    day_before = deadline - timedelta(days=2)
    first = send_due_reminders(day_before)
    assert first == len([t for t in working(issued) if t.deadline == deadline])
    db.session.commit()
    assert send_due_reminders(day_before) == 0
    assert send_due_reminders(deadline) == first  # on the day: a reminder of its own
    note = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == issued.city.anbinh.id)
        .order_by(Notification.id.desc())
    ).first()
    assert note.subject.startswith("Hôm nay là hạn nhiệm vụ")


def test_a_run_that_dies_before_committing_loses_nothing_and_repeats_nothing(issued):
    deadline = issued.tasks[0].deadline
    expected = send_due_reminders(deadline)
    db.session.rollback()  # the worker was killed before its commit
    assert sent_count() == 0
    assert send_due_reminders(deadline) == expected
    db.session.commit()
    assert send_due_reminders(deadline) == 0
    assert sent_count() == expected


def test_overdue_tasks_are_reminded_every_few_days_and_escalated_to_the_staff(issued, app):
    task = issued.task("ANBINH", 2)
    deadline = task.deadline
    send_due_reminders(deadline + timedelta(days=7))
    kinds = set(
        db.session.scalars(select(ReminderSent.kind).where(ReminderSent.task_id == task.id))
    )
    assert kinds == {"overdue", "escalation"}
    leader_notes = db.session.scalars(
        select(Notification.subject).where(Notification.user_id == issued.city.chairman.id)
    ).all()
    assert any("quá hạn 7 ngày" in subject for subject in leader_notes)


def test_reported_and_closed_tasks_get_no_reminders(issued):
    for task in issued.tasks:
        task.state = State.REPORTED
    assert send_due_reminders(issued.tasks[0].deadline) == 0


@pytest.fixture
def smtp_server(app, monkeypatch):
    with running_smtp_server() as mailbox:
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", mailbox.port)
        yield mailbox


def test_notification_emails_reach_the_smtp_server_once(issued, smtp_server):
    user = issued.city.anbinh
    user.email = "anbinh@bienhoa.gov.vn"
    notes = notify([user, issued.city.tantien], "Nhắc việc: sắp đến hạn", "Nội dung", "/tasks/1")
    db.session.commit()
    assert [n.email_status for n in notes] == [EmailStatus.PENDING, EmailStatus.NONE]
    assert send_claimed(claim_pending()) == 1
    assert claim_pending() == []
    (envelope,) = smtp_server.wait_for(1)
    assert envelope.rcpt_tos == ["anbinh@bienhoa.gov.vn"]
    body = envelope.content.decode("utf-8", "replace")
    assert "/tasks/1" in body
    assert db.session.get(Notification, notes[0].id).email_status == EmailStatus.SENT


def test_an_email_claimed_by_a_sender_that_died_is_sent_again_later(issued, smtp_server):
    user = issued.city.anbinh
    user.email = "anbinh@bienhoa.gov.vn"
    (note,) = notify([user], "Thông báo")
    db.session.commit()
    assert claim_pending() == [note.id]  # this sender dies without sending
    assert claim_pending() == []  # another sender leaves it alone while the claim is fresh
    note.email_claimed_at = note.email_claimed_at - timedelta(hours=1)
    db.session.commit()
    assert claim_pending() == [note.id]
