"""Which reminders a task is due, day by day, and that a missed day is caught up once."""

from __future__ import annotations

from datetime import date, timedelta

from workflows.rules.reminders import Reminder, ReminderPolicy, due_reminders

DEADLINE = date(2024, 3, 10)
POLICY = ReminderPolicy(days_before=3, repeat_every=3, grace_days=7)


def on(offset: int) -> list[tuple[str, int]]:
    """The reminders due `offset` days after the deadline, slots as offsets too."""
    day = DEADLINE + timedelta(days=offset)
    return [(r.kind, (r.slot - DEADLINE).days) for r in due_reminders(DEADLINE, day, POLICY)]


def test_nothing_long_before_the_deadline_then_one_before_it():
    assert on(-4) == []
    assert on(-3) == on(-2) == on(-1) == [("before", 0)]


def test_on_the_day_then_every_three_days_while_overdue():
    assert on(0) == [("due", 0)]
    assert on(1) == on(2) == []
    assert on(3) == on(4) == on(5) == [("overdue", 3)]
    assert on(6) == [("overdue", 6)]


def test_escalation_after_the_grace_period_keeps_one_slot():
    assert on(7) == [("overdue", 6), ("escalation", 7)]
    assert on(30) == [("overdue", 30), ("escalation", 7)]


def test_no_deadline_no_reminder():
    assert due_reminders(None, DEADLINE, POLICY) == []


def test_the_slot_names_the_reminder_so_each_is_sent_once():
    days = [DEADLINE + timedelta(days=offset) for offset in range(-5, 15)]
    sent = {r for day in days for r in due_reminders(DEADLINE, day, POLICY)}
    assert sent == {
        Reminder("before", DEADLINE),
        Reminder("due", DEADLINE),
        *(Reminder("overdue", DEADLINE + timedelta(days=n)) for n in (3, 6, 9, 12)),
        Reminder("escalation", DEADLINE + timedelta(days=7)),
    }
