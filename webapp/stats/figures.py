"""Recompute each unit's monthly figures in SQL, set-based, from dossiers, reports and complaints.

The dossiers are not read: their counts by unit, the months they were received, due and finished
in, and whether they were finished late (DossierCount, a few rows per unit and month however many
dossiers there are, kept up to date by each import) are. Every figure of every month is a sum:

- received: received in the month; resolved on time / late: finished in the month, by or after the
  due time; closed late in the software: finished late although returned by the due time;
- pending at the month's end (received by then and not finished by then): overdue when the due
  time came before the month's end, on time otherwise.

Only the months whose figures changed are replaced, and returned.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, text

from webapp.database import UTCDateTime
from webapp.extensions import db
from workflows.periods import (
    period_at,
    period_end,
    period_index,
    period_of,
    period_start,
    periods_between,
)

FIGURE_COLUMNS = (
    "unit_id, period, received, resolved_on_time, resolved_late, pending_on_time, "
    "pending_overdue, closed_late_in_software, complaints, source, report_overridden, exempted, "
    "late_caused_by_others, late_caused_elsewhere"
)

# A count takes part in a month when its dossiers were received by the month's end and not
# finished before it began. A late dossier whose request for exemption was accepted counts on time
# (and no longer closed late): x counts them per unit and month finished.
FROM_DOSSIERS = """
INSERT INTO computed_figures ({columns})
SELECT g.unit_id, g.period, g.received,
    g.resolved_on_time + coalesce(x.exempted, 0),
    g.resolved_late - coalesce(x.exempted, 0),
    g.pending_on_time, g.pending_overdue,
    g.closed_late_in_software - coalesce(x.closed_late, 0),
    (SELECT count(*) FROM complaints c
      WHERE c.unit_id = g.unit_id AND c.received_at >= g.starts_at AND c.received_at < g.ends_at),
    'dossiers',
    EXISTS (SELECT 1 FROM reported_figures r WHERE r.unit_id = g.unit_id AND r.period = g.period),
    coalesce(x.exempted, 0), 0, 0
FROM (
    SELECT c.unit_id, p.period, p.month, p.starts_at, p.ends_at,
        SUM(CASE WHEN c.received_month = p.month THEN c.dossiers ELSE 0 END) AS received,
        SUM(CASE WHEN c.finished_month = p.month AND NOT c.late THEN c.dossiers ELSE 0 END)
            AS resolved_on_time,
        SUM(CASE WHEN c.finished_month = p.month AND c.late THEN c.dossiers ELSE 0 END)
            AS resolved_late,
        SUM(CASE WHEN (c.finished_month IS NULL OR c.finished_month > p.month)
            AND c.due_month > p.month THEN c.dossiers ELSE 0 END) AS pending_on_time,
        SUM(CASE WHEN (c.finished_month IS NULL OR c.finished_month > p.month)
            AND c.due_month <= p.month THEN c.dossiers ELSE 0 END) AS pending_overdue,
        SUM(CASE WHEN c.finished_month = p.month AND c.closed_late THEN c.dossiers ELSE 0 END)
            AS closed_late_in_software
    FROM dossier_counts c
    JOIN ({periods}) p
      ON c.received_month <= p.month
     AND (c.finished_month IS NULL OR c.finished_month >= p.month)
    GROUP BY c.unit_id, p.period, p.month, p.starts_at, p.ends_at
) g
LEFT JOIN (
    SELECT d.unit_id, d.finished_month AS month, count(*) AS exempted,
        SUM(CASE WHEN d.returned_at <= d.due_at THEN 1 ELSE 0 END) AS closed_late
    FROM exemptions e JOIN dossiers d ON d.code = e.dossier_code AND d.unit_id = e.unit_id
    WHERE e.state = 'accepted' AND d.finished_at > d.due_at
    GROUP BY d.unit_id, d.finished_month
) x ON x.unit_id = g.unit_id AND x.month = g.month
"""

# A reported row counts only where no dossier of that unit touches the month.
FROM_REPORTS = """
INSERT INTO computed_figures ({columns})
SELECT r.unit_id, r.period, r.received, r.resolved_on_time, r.resolved_late, r.pending_on_time,
    r.pending_overdue, r.closed_late_in_software,
    CASE WHEN c.complaints IS NULL THEN r.complaints ELSE c.complaints END,
    'report', {false}, 0, 0, 0
FROM reported_figures r
JOIN ({periods}) p ON p.period = r.period
LEFT JOIN (
    SELECT c.unit_id, p.period, count(*) AS complaints
    FROM complaints c JOIN ({periods}) p ON c.received_at >= p.starts_at AND c.received_at < p.ends_at
    GROUP BY c.unit_id, p.period
) c ON c.unit_id = r.unit_id AND c.period = r.period
WHERE NOT EXISTS (
    SELECT 1 FROM computed_figures f WHERE f.unit_id = r.unit_id AND f.period = r.period)
"""

# Complaints about a unit that has neither dossiers nor a report that month.
FROM_COMPLAINTS_ONLY = """
INSERT INTO computed_figures ({columns})
SELECT c.unit_id, p.period, 0, 0, 0, 0, 0, 0, count(*), 'dossiers', {false}, 0, 0, 0
FROM complaints c JOIN ({periods}) p ON c.received_at >= p.starts_at AND c.received_at < p.ends_at
WHERE NOT EXISTS (
    SELECT 1 FROM computed_figures f WHERE f.unit_id = c.unit_id AND f.period = p.period)
GROUP BY c.unit_id, p.period
"""

# Late dossiers (not exempted) that name the unit whose step made them late, per unit, that unit
# and month finished: few rows, read through the index of the dossiers that name one.
DELAYED_LATE = """
SELECT d.unit_id, d.delayed_by_unit_id AS by_unit, p.period, count(*) AS dossiers
FROM dossiers d JOIN ({periods}) p ON d.finished_month = p.month
WHERE d.delayed_by_unit_id IS NOT NULL AND d.finished_at > d.due_at
  AND NOT EXISTS (SELECT 1 FROM exemptions e WHERE e.dossier_code = d.code
                  AND e.unit_id = d.unit_id AND e.state = 'accepted')
GROUP BY d.unit_id, d.delayed_by_unit_id, p.period
"""
# A unit that made others late appears in that month's figures even with no dossier of its own.
FROM_DELAYING = """
INSERT INTO computed_figures ({columns})
SELECT DISTINCT x.by_unit, x.period, 0, 0, 0, 0, 0, 0, 0, 'dossiers', {false}, 0, 0, 0
FROM delayed_late x
WHERE NOT EXISTS (
    SELECT 1 FROM computed_figures f WHERE f.unit_id = x.by_unit AND f.period = x.period)
"""
COUNT_DELAYED = """
UPDATE computed_figures SET
    late_caused_by_others = coalesce((SELECT sum(x.dossiers) FROM delayed_late x
        WHERE x.unit_id = computed_figures.unit_id AND x.period = computed_figures.period), 0),
    late_caused_elsewhere = coalesce((SELECT sum(x.dossiers) FROM delayed_late x
        WHERE x.by_unit = computed_figures.unit_id AND x.period = computed_figures.period), 0)
"""

CHANGED = """
SELECT DISTINCT period FROM (
    SELECT {columns} FROM {first} EXCEPT SELECT {columns} FROM {second}
) difference
"""


def lock_figures() -> None:
    """Let one import at a time change the figures, until the transaction ends.

    PostgreSQL only: SQLite lets one writer in at a time anyway. Reading the figures goes on.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("LOCK TABLE unit_period_figures IN SHARE ROW EXCLUSIVE MODE"))


def recompute_figures() -> list[str]:
    """Recompute every unit's figures for every month with data; return the months that changed."""
    session = db.session
    session.flush()
    postgres = session.get_bind().dialect.name == "postgresql"
    periods = _periods_with_data()
    if periods:
        select_none = f"SELECT {FIGURE_COLUMNS} FROM unit_period_figures WHERE 1 = 0"
        _temporary("computed_figures", select_none, postgres)
        periods_sql, params = _periods_table(periods)
        false = "false" if postgres else "0"
        for statement in (FROM_DOSSIERS, FROM_REPORTS, FROM_COMPLAINTS_ONLY):
            sql = statement.format(columns=FIGURE_COLUMNS, periods=periods_sql, false=false)
            session.execute(text(sql).bindparams(*params))
        delayed = DELAYED_LATE.format(periods=periods_sql)
        _temporary("delayed_late", delayed, postgres, params)
        for statement in (FROM_DELAYING, COUNT_DELAYED):
            session.execute(text(statement.format(columns=FIGURE_COLUMNS, false=false)))
        changed = sorted(_changed_periods())
    else:
        changed = sorted(set(session.scalars(text("SELECT period FROM unit_period_figures"))))
    if changed:
        months = bindparam("months", changed, expanding=True)
        session.execute(
            text("DELETE FROM unit_period_figures WHERE period IN :months").bindparams(months)
        )
    if changed and periods:
        months = bindparam("months", changed, expanding=True)
        session.execute(
            text(
                f"INSERT INTO unit_period_figures ({FIGURE_COLUMNS}) SELECT {FIGURE_COLUMNS} "
                "FROM computed_figures WHERE period IN :months"
            ).bindparams(months)
        )
    for name in ("computed_figures", "delayed_late"):
        session.execute(text(f"DROP TABLE IF EXISTS {_temp_name(name, postgres)}"))
    return changed


def _temporary(name: str, select_sql: str, postgres: bool, params=()) -> None:
    """Create a temporary table from a query, in this transaction (dropped at commit on PostgreSQL)."""
    session = db.session
    session.execute(text(f"DROP TABLE IF EXISTS {_temp_name(name, postgres)}"))
    on_commit = " ON COMMIT DROP" if postgres else ""
    create = text(f"CREATE TEMPORARY TABLE {name}{on_commit} AS {select_sql}")
    session.execute(create.bindparams(*params) if params else create)


def _temp_name(name: str, postgres: bool) -> str:
    return f"pg_temp.{name}" if postgres else f"temp.{name}"


def _periods_with_data() -> list[str]:
    """Return every month from the first one any dossier, report or complaint is in to the last."""
    session = db.session
    first_dossier, last_received, last_finished = session.execute(
        text(
            "SELECT min(received_month), max(received_month), max(finished_month) "
            "FROM dossier_counts"
        )
    ).one()
    first_report, last_report = session.execute(
        text("SELECT min(period), max(period) FROM reported_figures")
    ).one()
    first_complaint, last_complaint = session.execute(
        text("SELECT min(received_at), max(received_at) FROM complaints"),
    ).one()
    firsts = [
        period_at(first_dossier) if first_dossier is not None else None,
        first_report,
        _period_of_stored(first_complaint),
    ]
    lasts = [
        period_at(month) if month is not None else None for month in (last_received, last_finished)
    ]
    # Pending dossiers stay pending: a month already computed is computed again, even when no
    # dossier is received or finished in it any more.
    last_computed = session.scalar(text("SELECT max(period) FROM unit_period_figures"))
    lasts += [last_report, _period_of_stored(last_complaint), last_computed]
    firsts = [period for period in firsts if period]
    lasts = [period for period in lasts if period]
    if not firsts:
        return []
    return periods_between(min(firsts), max(lasts))


def _period_of_stored(moment) -> str | None:
    """Return the month of a stored time (aware on PostgreSQL, UTC text on SQLite)."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return period_of(moment)


def _changed_periods() -> set[str]:
    """Return the months whose computed figures differ from the stored ones, either way."""
    changed: set[str] = set()
    for first, second in (
        ("computed_figures", "unit_period_figures"),
        ("unit_period_figures", "computed_figures"),
    ):
        sql = CHANGED.format(columns=FIGURE_COLUMNS, first=first, second=second)
        changed.update(db.session.scalars(text(sql)))
    return changed


def _periods_table(periods: list[str]):
    """Return a SELECT ... UNION ALL ... listing each period with its month number and UTC bounds."""
    selects, params = [], []
    for index, period in enumerate(periods):
        selects.append(
            f"SELECT :period_{index} AS period, :month_{index} AS month, "
            f":starts_{index} AS starts_at, :ends_{index} AS ends_at"
        )
        params += [
            bindparam(f"period_{index}", period),
            bindparam(f"month_{index}", period_index(period)),
            bindparam(f"starts_{index}", period_start(period), type_=UTCDateTime()),
            bindparam(f"ends_{index}", period_end(period), type_=UTCDateTime()),
        ]
    return " UNION ALL ".join(selects), params
