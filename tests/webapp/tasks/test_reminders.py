"""Reminders go out once per task, kind and day, even when the run is repeated or dies midway."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.notifications.models import Notification, ReminderSent
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
