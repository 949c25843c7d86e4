"""Read the grounds."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from webapp.extensions import db
from webapp.grounds.models import Ground


def all_grounds() -> list[Ground]:
    """Every ground, newest first: the active ones before the retired."""
    return list(
        db.session.scalars(
            select(Ground).order_by(Ground.active.desc(), Ground.issued_on.desc(), Ground.id.desc())
        )
    )


def active_grounds(issuing_body_id: int) -> list[Ground]:
    """The grounds offered to a new draft of the body, oldest first (the order a letter cites)."""
    return list(
        db.session.scalars(
            select(Ground)
            .where(Ground.issuing_body_id == issuing_body_id, Ground.active)
            .order_by(Ground.issued_on, Ground.id)
        )
    )


def grounds_by_ids(ids: Sequence[int]) -> list[Ground]:
    """The grounds with these ids, in the order given."""
    if not ids:
        return []
    found = {g.id: g for g in db.session.scalars(select(Ground).where(Ground.id.in_(list(ids))))}
    return [found[i] for i in ids if i in found]


def ground_or_404(ground_id: int) -> Ground:
    return db.first_or_404(select(Ground).where(Ground.id == ground_id))


def offered_grounds(issuing_body_id: int, chosen: Sequence[int]) -> list[Ground]:
    """What a letter's editor offers: the letter's own grounds, then the body's active ones."""
    own = grounds_by_ids(chosen)
    return own + [g for g in active_grounds(issuing_body_id) if g.id not in set(chosen)]
