"""Which reminders a task is due on a given day: before the deadline, on it, while overdue, and
the escalation to the office and the leaders after a grace period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

BEFORE, DUE, OVERDUE, ESCALATION = "before", "due", "overdue", "escalation"


@dataclass(frozen=True)
class ReminderPolicy:
    days_before: int = 3
    repeat_every: int = 3  # days between reminders while overdue
    grace_days: int = 7  # overdue this long: the office and the leaders are told too


@dataclass(frozen=True)
class Reminder:
    kind: str
    # The day it stands for; a task gets one reminder per kind and slot, however often the
    # reminders are worked out.
    slot: date


def due_reminders(deadline: date | None, today: date, policy: ReminderPolicy) -> list[Reminder]:
    """Return the reminders a task with this deadline is due today (a missed day is caught up)."""
    if deadline is None:
        return []
    days_left = (deadline - today).days
    if days_left > policy.days_before:
        return []
    if days_left > 0:
        return [Reminder(BEFORE, deadline)]
    if days_left == 0:
        return [Reminder(DUE, deadline)]
    late = -days_left
    every = max(policy.repeat_every, 1)
    reminders = []
    if late >= every:
        # The latest of the days every `every` days after the deadline.
        reminders.append(Reminder(OVERDUE, deadline + timedelta(days=late - late % every)))
    if late >= policy.grace_days:
        reminders.append(Reminder(ESCALATION, deadline + timedelta(days=policy.grace_days)))
    return reminders
