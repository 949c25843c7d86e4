"""Audit events as people read them: the action in words, the object named, each change as
"Trạng thái: Chưa triển khai → Đang triển khai" and the other details as text, never JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from webapp.audit.labels import (
    BOOLEAN_LABELS,
    DATE_FIELDS,
    ENTITY_LABELS,
    NUMBERED_FIELDS,
    action_label,
    entity_kind,
    field_label,
    value_label,
)
from webapp.audit.models import AuditEvent
from webapp.audit.objects import REFERENCE_FIELDS, Named, ObjectNames
from webapp.auth.models import User
from workflows.periods import LOCAL_ZONE

# A long text (a letter's paragraphs) is cut here: the object's own page shows it in full.
TEXT_MAX = 300
SYSTEM = "Hệ thống"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Detail:
    label: str
    value: str
    named: Named | None = None  # the object the value refers to, when it names one


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    actor: str
    action: str
    subject: Named
    changes: list[Change]
    details: list[Detail]
    history: dict | None  # the filters that list every event of the same object


def event_rows(events: list[AuditEvent], viewer: User) -> list[EventRow]:
    """Return the events as rows of the audit page, naming their objects in a few queries."""
    names = ObjectNames(events, viewer)
    return [_row(event, names) for event in events]


def _row(event: AuditEvent, names: ObjectNames) -> EventRow:
    before, after = event.before or {}, event.after or {}
    changes, details = [], []
    for field in [*before, *(key for key in after if key not in before)]:
        if field in before and field in after:
            if before[field] != after[field]:
                changes.append(
                    Change(
                        field_label(field),
                        _text(event.entity, field, before[field], names),
                        _text(event.entity, field, after[field], names),
                    )
                )
            continue
        if field in before:
            changes.append(
                Change(field_label(field), _text(event.entity, field, before[field], names), "—")
            )
            continue
        details.append(
            Detail(
                field_label(field),
                _text(event.entity, field, after[field], names),
                _reference(field, after[field], names),
            )
        )
    return EventRow(
        event=event,
        actor=_actor(event),
        action=action_label(event.action, event.entity),
        subject=names.name(event.entity, event.entity_id),
        changes=changes,
        details=details,
        history=(
            {"entity": entity_kind(event.entity), "entity_id": event.entity_id}
            if entity_kind(event.entity) in ENTITY_LABELS
            else None
        ),
    )


def _actor(event: AuditEvent) -> str:
    if event.actor is not None:
        return event.actor.display_name
    if not event.actor_name or event.actor_name == "hệ thống":
        return SYSTEM
    return event.actor_name


def _reference(field: str, value, names: ObjectNames) -> Named | None:
    kind = REFERENCE_FIELDS.get(field)
    if kind is None or value in (None, ""):
        return None
    named = names.name(kind, value)
    return named if named.url else None


def _text(entity: str, field: str, value, names: ObjectNames) -> str:
    """Return one recorded value in words: labelled, dated, named, or as plain text."""
    if value is None or value == "" or value == []:
        return "—"
    if field in REFERENCE_FIELDS:
        return names.name(REFERENCE_FIELDS[field], value).text
    if isinstance(value, bool):
        yes, no = BOOLEAN_LABELS.get(field, ("Có", "Không"))
        return yes if value else no
    if isinstance(value, str):
        label = value_label(entity, field, value)
        if label is not None:
            return label
        if field in DATE_FIELDS:
            return _date(value)
        if field == "period" and len(value) == 7:
            return f"{value[5:7]}/{value[:4]}"
        if field == "expires":
            return _moment(value)
        return _cut(value)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(",.").replace(".", ",")
    if isinstance(value, int):
        return f"số {value}" if field in NUMBERED_FIELDS else str(value)
    if isinstance(value, list):
        return _list(field, value)
    if isinstance(value, dict):
        return _cut("; ".join(f"{field_label(k)}: {_plain(v)}" for k, v in value.items()))
    return _cut(str(value))


def _list(field: str, items: list) -> str:
    if field == "assignments":
        return _cut(
            "; ".join(
                f"{item.get('position', '')}. {item.get('heading') or item.get('text', '')}"
                for item in items
                if isinstance(item, dict)
            )
        )
    if field == "files":
        return ", ".join(
            str(item.get("name", "")) if isinstance(item, dict) else str(item) for item in items
        )
    return _cut("; ".join(_plain(item) for item in items))


def _plain(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{field_label(k)}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return "—" if value is None else str(value)


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return _cut(value)


def _moment(value: str) -> str:
    try:
        return datetime.fromisoformat(value).astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return _cut(value)


def _cut(text: str) -> str:
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1].rstrip() + "…"
