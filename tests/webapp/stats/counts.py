"""The stored dossier counts, and the same counts taken afresh from every stored dossier."""

from __future__ import annotations

from sqlalchemy import text

from webapp.extensions import db
from webapp.stats.dossier_counts import CLOSED_LATE_SQL, LATE_SQL, count_key


def stored_counts() -> dict[tuple, int]:
    """The counts the imports kept up to date."""
    rows = db.session.execute(
        text(
            "SELECT unit_id, received_month, due_month, finished_month, late, closed_late, "
            "dossiers FROM dossier_counts"
        )
    )
    return {count_key(*key): dossiers for *key, dossiers in rows}


def counted_dossiers() -> dict[tuple, int]:
    """The counts of every stored dossier, grouped now."""
    rows = db.session.execute(
        text(
            "SELECT d.unit_id, d.received_month, d.due_month, d.finished_month, "
            f"{LATE_SQL}, {CLOSED_LATE_SQL}, count(*) FROM dossiers d GROUP BY 1, 2, 3, 4, 5, 6"
        )
    )
    return {count_key(*key): dossiers for *key, dossiers in rows}
