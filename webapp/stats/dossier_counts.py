"""Keep the dossier counts (DossierCount) up to date as an import adds and replaces dossiers.

The importer's checker counts the file's dossiers by unit, months and lateness as it passes them
(on its own core, for a large file); the stored dossiers the file replaces are counted out in SQL,
chunk by chunk, before they change. After the import the stored counts plus the difference equal
a count over every dossier, without reading them again.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import bindparam, delete, insert, select, text, update

from webapp.extensions import db
from webapp.stats.models import DossierCount

# Whether a dossier was finished late, and late although returned on time: NULL times compare
# as unknown, which counts as no.
LATE_SQL = "coalesce(d.finished_at > d.due_at, false)"
CLOSED_LATE_SQL = "coalesce(d.finished_at > d.due_at AND d.returned_at <= d.due_at, false)"
REPLACED = f"""
SELECT d.unit_id, d.received_month, d.due_month, d.finished_month, {LATE_SQL}, {CLOSED_LATE_SQL},
    count(*)
FROM dossiers d JOIN {{staging}} s ON s.code = d.code
GROUP BY 1, 2, 3, 4, 5, 6
"""

# Key of a count: (unit_id, received_month, due_month, finished_month, late, closed_late).
KEY_COLUMNS = ("unit_id", "received_month", "due_month", "finished_month", "late", "closed_late")


def count_key(
    unit_id: int,
    received_month: int,
    due_month: int,
    finished_month: int | None,
    late: bool,
    closed_late: bool,
) -> tuple:
    """Return the key a dossier is counted under."""
    return (unit_id, received_month, due_month, finished_month, bool(late), bool(closed_late))


class DossierCountChanges:
    """The change an import makes to the dossier counts."""

    def __init__(self) -> None:
        self.difference: Counter = Counter()

    def subtract_replaced(self, staging: str) -> None:
        """Count out the stored dossiers that the chunk in `staging` is about to replace."""
        for *key, dossiers in db.session.execute(text(REPLACED.format(staging=staging))):
            self.difference[count_key(*key)] -= dossiers

    def add(self, counted: Counter) -> None:
        """Count in the file's dossiers, as the checker counted them."""
        for key, dossiers in counted.items():
            self.difference[count_key(*key)] += dossiers

    def apply(self) -> None:
        """Write the difference into the stored counts."""
        changes = {key: change for key, change in self.difference.items() if change}
        if not changes:
            return
        table = DossierCount.__table__
        stored = {
            count_key(*key): (count_id, dossiers)
            for count_id, *key, dossiers in db.session.execute(
                select(table.c.id, *(table.c[name] for name in KEY_COLUMNS), table.c.dossiers)
            )
        }
        added, changed, emptied = [], [], []
        for key, change in changes.items():
            count_id, dossiers = stored.get(key, (None, 0))
            if dossiers + change < 0:
                raise RuntimeError(f"dossier counts out of step with the dossiers at {key}")
            if count_id is None:
                added.append({**dict(zip(KEY_COLUMNS, key, strict=True)), "dossiers": change})
            elif dossiers + change:
                changed.append({"count_id": count_id, "new_dossiers": dossiers + change})
            else:
                emptied.append({"count_id": count_id})
        session = db.session
        if added:
            session.execute(insert(table), added)
        if changed:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("count_id"))
                .values(dossiers=bindparam("new_dossiers")),
                changed,
            )
        if emptied:
            session.execute(delete(table).where(table.c.id == bindparam("count_id")), emptied)
        self.difference.clear()
