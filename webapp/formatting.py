"""Template filters: local times, readable labels, numbers the Vietnamese way (workflows.numbers)."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from webapp.audit.labels import action_label
from workflows.machines.task import STATE_VALUES
from workflows.machines.task import State as TaskState
from workflows.numbers import file_size_text, number_text, percent_text
from workflows.periods import LOCAL_ZONE
from workflows.rules.criteria import Criterion


def local_time(value: datetime | None) -> str:
    """Format a UTC time as dd/mm/yyyy HH:MM in Vietnam's time zone."""
    if value is None:
        return ""
    return value.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")


def audit_action(action: str, entity: str = "") -> str:
    """Return the Vietnamese label of an audit action (the object's own words when given)."""
    return action_label(action, entity)


def percent(value: float | None) -> str:
    """Format a percentage the Vietnamese way: "96,55 %"; a dash when there is none."""
    return percent_text(value)


def number(value: float | int | None) -> str:
    """Format a number the Vietnamese way: "1.234", "12,5"; a dash when there is none."""
    return number_text(value)


def file_size(size: int | None) -> str:
    """Format a size in bytes the Vietnamese way: "7,3 KB"."""
    return file_size_text(size)


def month(period: str) -> str:
    """Format "2024-01" as "01/2024"."""
    return f"{period[5:7]}/{period[:4]}"


def criterion_text(criterion: dict | None) -> str:
    """Return a stored criterion in words, e.g. "Tỷ lệ giải quyết đúng hạn (%) ≥ 97"."""
    return Criterion.from_dict(criterion).text if criterion else ""


def task_state(value: str | None) -> str:
    """Return the Vietnamese name of a task state."""
    return TaskState(value).label if value in STATE_VALUES else (value or "")


def register_formatting(app: Flask) -> None:
    """Register the filters with the app's templates."""
    for template_filter in (
        local_time,
        audit_action,
        percent,
        number,
        file_size,
        month,
        criterion_text,
        task_state,
    ):
        app.add_template_filter(template_filter)
