"""Letters whose files should be stored and are not: signed letters, and the letters of batches.

Their rendering job was lost (a worker killed, Redis emptied); the recovery sweep renders them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select

from webapp.directives.batch.models import LetterBatch
from webapp.directives.models import Directive
from webapp.documents.models import RenderedDocument
from webapp.documents.storage import FORMATS
from webapp.extensions import db


def letters_missing_files(before: datetime) -> list[int]:
    """Return the ids of signed or batch letters, signed or drafted before `before`, lacking a file."""
    stored = (
        select(RenderedDocument.directive_id, func.count().label("files"))
        .group_by(RenderedDocument.directive_id)
        .subquery()
    )
    stmt = (
        select(Directive.id)
        .outerjoin(stored, stored.c.directive_id == Directive.id)
        .outerjoin(LetterBatch, LetterBatch.id == Directive.batch_id)
        .where(
            func.coalesce(stored.c.files, 0) < len(FORMATS),
            or_(
                Directive.signed_at < before,
                LetterBatch.created_at < before,
            ),
        )
        .order_by(Directive.id)
    )
    return list(db.session.scalars(stmt))
