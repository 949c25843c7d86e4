"""Recompute each unit's monthly figures in SQL, set-based, from dossiers, reports and complaints."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, delete, text

from webapp.database import UTCDateTime
from webapp.extensions import db
from webapp.stats.models import UnitPeriodFigures
from workflows.periods import period_end, period_start

# Every dossier relevant to a period (received before its end, not finished before its start)
# is counted once per period, by comparing timestamps only: the same SQL on SQLite and PostgreSQL.
FROM_DOSSIERS = """
INSERT INTO unit_period_figures (
    unit_id, period, received, resolved_on_time, resolved_late, pending_on_time,
    pending_overdue, closed_late_in_software, complaints, source, report_overridden)
SELECT g.unit_id, g.period, g.received, g.resolved_on_time, g.resolved_late, g.pending_on_time,
    g.pending_overdue, g.closed_late_in_software,
    (SELECT count(*) FROM complaints c
      WHERE c.unit_id = g.unit_id AND c.received_at >= g.starts_at AND c.received_at < g.ends_at),
    'dossiers',
    EXISTS (SELECT 1 FROM reported_figures r WHERE r.unit_id = g.unit_id AND r.period = g.period)
FROM (
    SELECT d.unit_id, p.period, p.starts_at, p.ends_at,
        SUM(CASE WHEN d.received_at >= p.starts_at THEN 1 ELSE 0 END) AS received,
        SUM(CASE WHEN d.finished_at >= p.starts_at AND d.finished_at < p.ends_at
                  AND d.finished_at <= d.due_at THEN 1 ELSE 0 END) AS resolved_on_time,
        SUM(CASE WHEN d.finished_at >= p.starts_at AND d.finished_at < p.ends_at
                  AND d.finished_at > d.due_at THEN 1 ELSE 0 END) AS resolved_late,
        SUM(CASE WHEN (d.finished_at IS NULL OR d.finished_at >= p.ends_at)
                  AND d.due_at >= p.ends_at THEN 1 ELSE 0 END) AS pending_on_time,
        SUM(CASE WHEN (d.finished_at IS NULL OR d.finished_at >= p.ends_at)
                  AND d.due_at < p.ends_at THEN 1 ELSE 0 END) AS pending_overdue,
        SUM(CASE WHEN d.finished_at >= p.starts_at AND d.finished_at < p.ends_at
                  AND d.finished_at > d.due_at AND d.returned_at <= d.due_at
                 THEN 1 ELSE 0 END) AS closed_late_in_software
    FROM dossiers d
    JOIN ({periods}) p
      ON d.received_at < p.ends_at AND (d.finished_at IS NULL OR d.finished_at >= p.starts_at)
    GROUP BY d.unit_id, p.period, p.starts_at, p.ends_at
) g
"""

# A reported row counts only where no dossier of that unit touches the month.
FROM_REPORTS = """
INSERT INTO unit_period_figures (
    unit_id, period, received, resolved_on_time, resolved_late, pending_on_time,
    pending_overdue, closed_late_in_software, complaints, source, report_overridden)
SELECT r.unit_id, r.period, r.received, r.resolved_on_time, r.resolved_late, r.pending_on_time,
    r.pending_overdue, r.closed_late_in_software,
    CASE WHEN c.complaints IS NULL THEN r.complaints ELSE c.complaints END,
    'report', {false}
FROM reported_figures r
JOIN ({periods}) p ON p.period = r.period
LEFT JOIN (
    SELECT c.unit_id, p.period, count(*) AS complaints
    FROM complaints c JOIN ({periods}) p ON c.received_at >= p.starts_at AND c.received_at < p.ends_at
    GROUP BY c.unit_id, p.period
) c ON c.unit_id = r.unit_id AND c.period = r.period
WHERE NOT EXISTS (
    SELECT 1 FROM unit_period_figures f WHERE f.unit_id = r.unit_id AND f.period = r.period)
"""

# Complaints about a unit that has neither dossiers nor a report that month.
FROM_COMPLAINTS_ONLY = """
INSERT INTO unit_period_figures (
    unit_id, period, received, resolved_on_time, resolved_late, pending_on_time,
    pending_overdue, closed_late_in_software, complaints, source, report_overridden)
SELECT c.unit_id, p.period, 0, 0, 0, 0, 0, 0, count(*), 'dossiers', {false}
FROM complaints c JOIN ({periods}) p ON c.received_at >= p.starts_at AND c.received_at < p.ends_at
WHERE NOT EXISTS (
    SELECT 1 FROM unit_period_figures f WHERE f.unit_id = c.unit_id AND f.period = p.period)
GROUP BY c.unit_id, p.period
"""


def recompute_figures(periods: Iterable[str]) -> int:
    """Replace the figures of these periods for every unit; return how many rows were written."""
    periods = sorted(set(periods))
    if not periods:
        return 0
    session = db.session
    session.flush()
    session.execute(delete(UnitPeriodFigures).where(UnitPeriodFigures.period.in_(periods)))
    periods_sql, params = _periods_table(periods)
    false = "false" if session.get_bind().dialect.name == "postgresql" else "0"
    written = 0
    for statement in (FROM_DOSSIERS, FROM_REPORTS, FROM_COMPLAINTS_ONLY):
        sql = text(statement.format(periods=periods_sql, false=false)).bindparams(*params)
        written += session.execute(sql).rowcount or 0
    return written


def _periods_table(periods: list[str]):
    """Return a SELECT ... UNION ALL ... listing each period with its UTC bounds, and its params."""
    selects, params = [], []
    for index, period in enumerate(periods):
        selects.append(
            f"SELECT :period_{index} AS period, :starts_{index} AS starts_at, "
            f":ends_{index} AS ends_at"
        )
        params += [
            bindparam(f"period_{index}", period),
            bindparam(f"starts_{index}", period_start(period), type_=UTCDateTime()),
            bindparam(f"ends_{index}", period_end(period), type_=UTCDateTime()),
        ]
    return " UNION ALL ".join(selects), params
