"""Read the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from sqlalchemy import String, and_, cast, func, or_, select
from sqlalchemy.orm import selectinload

from webapp.audit.labels import ENTITY_ALIASES
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.exemptions.models import Exemption
from webapp.extensions import db
from webapp.security import STAFF_ROLES, require_role
from webapp.tasks.models import UnitTask
from webapp.units.models import Unit
from workflows.periods import LOCAL_ZONE

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page is narrowed to; an empty value narrows nothing."""

    action: str = ""
    entity: str = ""
    entity_id: str = ""
    actor_id: int | None = None
    unit_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_query(self) -> dict:
        """Return the filters as the page's query string keeps them across pages."""
        names = {"actor_id": "actor", "unit_id": "unit"}
        query = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value not in (None, ""):
                query[names.get(item.name, item.name)] = (
                    value.isoformat() if isinstance(value, date) else value
                )
        return query


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def trail_of(user: User, entity: str, entity_id: str) -> list[AuditEvent]:
    """Return the audit trail of one object, oldest first."""
    require_role(user, *STAFF_ROLES)
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    return list(db.session.scalars(stmt))


def recent_events(user: User, filters: AuditFilters, page: int = 1) -> EventPage:
    """Return one page of audit events, newest first, with how many match in all."""
    require_role(user, *STAFF_ROLES)
    criteria = _criteria(filters)
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(*criteria))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    stmt = (
        select(AuditEvent)
        .where(*criteria)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return EventPage(list(db.session.scalars(stmt)), total, page, pages)


def _criteria(filters: AuditFilters) -> list:
    criteria = []
    if filters.action:
        criteria.append(AuditEvent.action == filters.action)
    if filters.entity:
        criteria.append(AuditEvent.entity.in_(_spellings(filters.entity)))
    if filters.entity_id:
        criteria.append(AuditEvent.entity_id == filters.entity_id)
    if filters.actor_id is not None:
        criteria.append(AuditEvent.actor_id == filters.actor_id)
    if filters.unit_id is not None:
        criteria.append(_about_unit(filters.unit_id))
    if filters.date_from is not None:
        criteria.append(AuditEvent.occurred_at >= _local_midnight(filters.date_from))
    if filters.date_to is not None:
        criteria.append(AuditEvent.occurred_at < _local_midnight(filters.date_to + timedelta(1)))
    return criteria


def _spellings(entity: str) -> list[str]:
    """Return the names one kind of object is recorded under (its own and its table's)."""
    return [entity, *(table for table, kind in ENTITY_ALIASES.items() if kind == entity)]


def _about_unit(unit_id: int):
    """Match the events about a unit, its tasks, requests and accounts, or done by its staff."""
    unit_users = select(User.id).where(User.unit_id == unit_id)
    return or_(
        and_(
            AuditEvent.entity.in_(_spellings("unit")),
            AuditEvent.entity_id.in_(select(Unit.code).where(Unit.id == unit_id)),
        ),
        and_(
            AuditEvent.entity.in_(_spellings("unit_task")),
            AuditEvent.entity_id.in_(
                select(_as_text(UnitTask.id)).where(UnitTask.unit_id == unit_id)
            ),
        ),
        and_(
            AuditEvent.entity.in_(_spellings("exemption")),
            AuditEvent.entity_id.in_(
                select(_as_text(Exemption.id)).where(Exemption.unit_id == unit_id)
            ),
        ),
        and_(
            AuditEvent.entity == "user",
            AuditEvent.entity_id.in_(select(_as_text(User.id)).where(User.unit_id == unit_id)),
        ),
        AuditEvent.actor_id.in_(unit_users),
    )


def _as_text(column):
    """Compare an integer key with the trail's ids, which are kept as text."""
    return cast(column, String)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), LOCAL_ZONE)


def actor_choices() -> list[User]:
    """Return every account, for choosing whose actions to read."""
    return list(db.session.scalars(select(User).order_by(User.display_name, User.username)))


# What an administrator watches on the landing page: refused logins and refused access.
SECURITY_ACTIONS = (
    "login_failed",
    "login_throttled",
    "login_refused_inactive",
    "out_of_scope_access",
    "csrf_rejected",
)


def recent_security_events(limit: int = 10) -> list[AuditEvent]:
    """Return the latest refused logins and refused accesses, newest first."""
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.action.in_(SECURITY_ACTIONS))
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))
