"""Publish a month's results to the public: each unit's figures and rank, nothing about any
official or citizen; a later correction is published as such, never silently."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from webapp.audit.operations import record_event
from webapp.auth.models import User
from webapp.database import utcnow
from webapp.extensions import db
from webapp.publication.models import PublishedPeriod
from webapp.publication.policies import PUBLISHERS
from webapp.security import require_actor
from webapp.stats.models import UnitPeriodFigures
from webapp.units.models import Unit
from workflows.errors import Conflict, InvalidInput
from workflows.periods import parse_period, period_label
from workflows.rules.figures import on_time_rate
from workflows.vietnamese_order import vietnamese_key

# The public columns: (key, heading); ranks are by on-time rate, then by dossiers resolved.
PUBLIC_COLUMNS = (
    ("rank", "Xếp hạng"),
    ("unit", "Đơn vị"),
    ("received", "Tiếp nhận"),
    ("resolved_on_time", "Giải quyết đúng hạn"),
    ("resolved_late", "Giải quyết quá hạn"),
    ("pending_overdue", "Đang giải quyết quá hạn"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"),
)


def public_rows(period: str) -> list[dict]:
    """Return the month's public table, ranked: units with no dossier resolved come last, unranked."""
    found = db.session.execute(
        select(Unit.name, UnitPeriodFigures)
        .join(Unit, Unit.id == UnitPeriodFigures.unit_id)
        .where(UnitPeriodFigures.period == period)
    ).all()
    rows = []
    for name, figures in found:
        rate = on_time_rate(figures.resolved_on_time, figures.resolved_late)
        rows.append(
            {
                "unit": name,
                "received": figures.received,
                "resolved_on_time": figures.resolved_on_time,
                "resolved_late": figures.resolved_late,
                "pending_overdue": figures.pending_overdue,
                "on_time_rate": None if rate is None else round(rate, 2),
                # Late dossiers counted on time after an accepted request for exemption.
                "exempted": figures.exempted,
            }
        )
    rows.sort(
        key=lambda r: (
            r["on_time_rate"] is None,
            -(r["on_time_rate"] or 0),
            -(r["resolved_on_time"] + r["resolved_late"]),
            vietnamese_key(r["unit"]),
        )
    )
    rank = 0
    for index, row in enumerate(rows, start=1):
        if row["on_time_rate"] is not None:
            previous = rows[index - 2] if index > 1 else None
            same = previous and previous["on_time_rate"] == row["on_time_rate"]
            rank = rank if same else index
            row["rank"] = rank
        else:
            row["rank"] = None
    return rows


@dataclass(frozen=True)
class PublicationPlan:
    """What publishing a month would do: its rows, and the month's earlier publication if any."""

    period: str
    rows: list[dict]
    earlier: PublishedPeriod | None

    @property
    def units(self) -> int:
        return len(self.rows)


def plan_publication(actor: User, period: str) -> PublicationPlan:
    """Check that the month can be published (or corrected) now and say what it would publish."""
    require_actor(actor, PUBLISHERS, "Chỉ Văn phòng được công bố kết quả.")
    try:
        period = parse_period(period)
    except ValueError as exc:
        raise InvalidInput(
            "Kỳ số liệu không hợp lệ.", [{"field": "period", "message": str(exc)}]
        ) from None
    rows = public_rows(period)
    if not rows:
        raise InvalidInput(f"Chưa có số liệu {period_label(period)} để công bố.")
    earlier = db.session.scalar(select(PublishedPeriod).where(PublishedPeriod.period == period))
    if earlier is not None and earlier.rows == rows:
        raise Conflict(f"Kết quả {period_label(period)} đã công bố và số liệu không thay đổi.")
    return PublicationPlan(period, rows, earlier)


def publish_period(actor: User, period: str) -> PublishedPeriod:
    """Publish (or correct) a month's results from its figures as they stand (no commit)."""
    plan = plan_publication(actor, period)
    published = plan.earlier
    if published is None:
        published = PublishedPeriod(period=plan.period, rows=plan.rows, published_by_id=actor.id)
        db.session.add(published)
        action = "publish"
    else:
        published.rows = plan.rows
        published.corrected_at = utcnow()
        published.corrections += 1
        action = "correct"
    db.session.flush()
    record_event(actor, "published_period", published.id, action, after={"period": plan.period})
    return published


def published(period: str | None = None) -> PublishedPeriod | None:
    """Return a published month (the latest one when none is named)."""
    stmt = select(PublishedPeriod).order_by(PublishedPeriod.period.desc()).limit(1)
    if period:
        stmt = select(PublishedPeriod).where(PublishedPeriod.period == period)
    return db.session.scalar(stmt)


def published_periods() -> list[str]:
    return list(
        db.session.scalars(select(PublishedPeriod.period).order_by(PublishedPeriod.period.desc()))
    )
