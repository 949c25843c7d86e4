"""The dossiers (or, for `complaints`, the complaints) that make one figure of one unit and month.

Each figure is listed by the definition the monthly figures are counted by (MISSION.md, and
`webapp/stats/figures.py`, which sums the same conditions over dossier counts): for a month M,

- received: received in M;
- resolved on time / late: finished in M, by / after the due time;
- closed late in the software: finished late although returned by the due time;
- pending on time / overdue: received by the end of M, not finished by then, due after / by it;
- complaints: complaints received in M.

A month whose figures came from a unit's aggregated report has no dossiers behind it: the list
says so instead of showing an empty one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, or_, select

from webapp.auth.models import User
from webapp.exemptions.models import Exemption
from webapp.extensions import db
from webapp.stats.models import (
    FIGURE_FIELDS,
    Complaint,
    Dossier,
    FiguresSource,
    UnitPeriodFigures,
)
from webapp.units.models import Unit
from webapp.units.queries import visible_unit_or_404
from workflows.errors import InvalidInput
from workflows.machines.exemption import State as ExemptionState
from workflows.periods import LOCAL_ZONE, parse_period, period_end, period_index, period_start

LISTED_FIGURES = (*FIGURE_FIELDS, "exempted", "late_caused_by_others", "late_caused_elsewhere")
FIGURE_LABELS = {
    "received": "Tiếp nhận",
    "resolved_on_time": "Giải quyết đúng hạn",
    "resolved_late": "Giải quyết quá hạn",
    "pending_on_time": "Đang giải quyết trong hạn",
    "pending_overdue": "Đang giải quyết quá hạn",
    "closed_late_in_software": "Quên bấm kết thúc",
    "complaints": "Phản ánh, kiến nghị",
    "exempted": "Được chấp nhận miễn trừ",
    "late_caused_by_others": "Quá hạn do đơn vị khác làm chậm",
    "late_caused_elsewhere": "Làm chậm hồ sơ của đơn vị khác",
}
DOSSIER_FIELDS = (
    "dossier_code",
    "unit_code",
    "procedure_code",
    "channel",
    "received_at",
    "due_at",
    "returned_at",
    "finished_at",
    "delayed_by_unit_code",
    "exemption_state",
)
COMPLAINT_FIELDS = (
    "complaint_code",
    "unit_code",
    "channel",
    "received_at",
    "subject",
    "official_name",
)
MAX_LIMIT = 1000
# The figures whose dossiers a unit may dispute: those counted late.
DISPUTABLE_FIGURES = ("resolved_late", "closed_late_in_software")
PAGE_SIZE = 100


@dataclass(frozen=True)
class FigureList:
    """One page of the rows that make a figure, with the figure as stored beside their count."""

    unit: Unit
    period: str
    figure: str
    total: int
    items: list[dict]
    stored: int | None
    source: FiguresSource | None

    @property
    def label(self) -> str:
        return FIGURE_LABELS[self.figure]

    @property
    def fields(self) -> tuple[str, ...]:
        return COMPLAINT_FIELDS if self.figure == "complaints" else DOSSIER_FIELDS

    @property
    def from_report(self) -> bool:
        """The month's figures came from the unit's report: no dossier stands behind them."""
        return self.source is FiguresSource.REPORT and self.figure != "complaints"


def checked_figure(figure: str) -> str:
    if figure not in LISTED_FIGURES:
        raise InvalidInput(
            f"Chỉ tiêu “{figure}” không có; chọn một trong: {', '.join(LISTED_FIGURES)}."
        )
    return figure


def dossier_condition(figure: str, month: int) -> ColumnElement[bool]:
    """The condition under which a dossier counts in the figure of month `month` (period index)."""
    late = Dossier.finished_at > Dossier.due_at
    exempt = exists().where(
        Exemption.dossier_code == Dossier.code,
        Exemption.unit_id == Dossier.unit_id,
        Exemption.state == ExemptionState.ACCEPTED,
    )
    resolved_in_month = Dossier.finished_month == month
    open_at_end = (Dossier.received_month <= month) & or_(
        Dossier.finished_month.is_(None), Dossier.finished_month > month
    )
    return {
        "received": Dossier.received_month == month,
        "resolved_on_time": resolved_in_month & (~late | exempt),
        "resolved_late": resolved_in_month & late & ~exempt,
        "closed_late_in_software": resolved_in_month
        & late
        & (Dossier.returned_at <= Dossier.due_at)
        & ~exempt,
        "exempted": resolved_in_month & late & exempt,
        "late_caused_by_others": resolved_in_month
        & late
        & ~exempt
        & Dossier.delayed_by_unit_id.is_not(None),
        "pending_on_time": open_at_end & (Dossier.due_month > month),
        "pending_overdue": open_at_end & (Dossier.due_month <= month),
    }[figure]


def figure_list(
    user: User, unit_code: str, period: str, figure: str, limit: int = 100, offset: int = 0
) -> FigureList:
    """The rows behind one figure of a unit the user may see (404 for any other unit)."""
    try:
        period = parse_period(period)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    figure = checked_figure(figure)
    unit = visible_unit_or_404(user, unit_code)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    stored = db.session.execute(
        select(getattr(UnitPeriodFigures, figure), UnitPeriodFigures.source).where(
            UnitPeriodFigures.unit_id == unit.id, UnitPeriodFigures.period == period
        )
    ).first()
    if figure == "complaints":
        total, items = _complaints(unit, period, limit, offset)
    else:
        total, items = _dossiers(unit, period, figure, limit, offset)
    return FigureList(
        unit=unit,
        period=period,
        figure=figure,
        total=total,
        items=items,
        stored=None if stored is None else stored[0],
        source=None if stored is None else stored[1],
    )


def every_row(user: User, unit_code: str, period: str, figure: str) -> FigureList:
    """The whole list, for an export: page after page of MAX_LIMIT rows."""
    first = figure_list(user, unit_code, period, figure, MAX_LIMIT, 0)
    items = list(first.items)
    while len(items) < first.total:
        page = figure_list(user, unit_code, period, figure, MAX_LIMIT, len(items))
        if not page.items:
            break
        items.extend(page.items)
    return FigureList(
        first.unit, first.period, first.figure, first.total, items, first.stored, first.source
    )


def _dossiers(unit: Unit, period: str, figure: str, limit: int, offset: int):
    month = period_index(period)
    if figure == "late_caused_elsewhere":
        # Other units' late dossiers this unit made late.
        condition = (Dossier.delayed_by_unit_id == unit.id) & dossier_condition(
            "late_caused_by_others", month
        )
    else:
        condition = (Dossier.unit_id == unit.id) & dossier_condition(figure, month)
    total = db.session.scalar(select(func.count()).select_from(Dossier).where(condition))
    rows = db.session.scalars(
        select(Dossier)
        .where(condition)
        .order_by(Dossier.received_at, Dossier.code)
        .limit(limit)
        .offset(offset)
    )
    rows = list(rows)
    states = {}
    for unit_id in {row.unit_id for row in rows}:
        codes = [row.code for row in rows if row.unit_id == unit_id]
        states.update(exemption_states(codes, unit_id))
    codes_of = _unit_codes({row.unit_id for row in rows} | {row.delayed_by_unit_id for row in rows})
    return total, [_dossier_item(row, codes_of, states.get(row.code)) for row in rows]


def _unit_codes(unit_ids: set) -> dict[int, str]:
    ids = [unit_id for unit_id in unit_ids if unit_id is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(Unit.id, Unit.code).where(Unit.id.in_(ids))).all())


def exemption_states(codes: list[str], unit_id: int) -> dict[str, str]:
    """The state of each dossier's latest request for exemption by the unit."""
    if not codes:
        return {}
    latest = (
        select(Exemption.dossier_code, func.max(Exemption.id).label("id"))
        .where(Exemption.dossier_code.in_(codes), Exemption.unit_id == unit_id)
        .group_by(Exemption.dossier_code)
        .subquery()
    )
    stmt = select(Exemption.dossier_code, Exemption.state).join(latest, latest.c.id == Exemption.id)
    return {code: state.value for code, state in db.session.execute(stmt)}


def _complaints(unit: Unit, period: str, limit: int, offset: int):
    condition = (
        (Complaint.unit_id == unit.id)
        & (Complaint.received_at >= period_start(period))
        & (Complaint.received_at < period_end(period))
    )
    total = db.session.scalar(select(func.count()).select_from(Complaint).where(condition))
    rows = db.session.scalars(
        select(Complaint)
        .where(condition)
        .order_by(Complaint.received_at, Complaint.code)
        .limit(limit)
        .offset(offset)
    )
    return total, [
        {
            "complaint_code": row.code,
            "unit_code": unit.code,
            "channel": row.channel.value,
            "received_at": _iso(row.received_at),
            "subject": row.subject,
            "official_name": row.official_name,
        }
        for row in rows
    ]


def _dossier_item(row: Dossier, codes_of: dict[int, str], exemption_state: str | None) -> dict:
    return {
        "dossier_code": row.code,
        "unit_code": codes_of.get(row.unit_id, ""),
        "procedure_code": row.procedure_code,
        "channel": row.channel.value,
        "received_at": _iso(row.received_at),
        "due_at": _iso(row.due_at),
        "returned_at": _iso(row.returned_at),
        "finished_at": _iso(row.finished_at),
        "delayed_by_unit_code": codes_of.get(row.delayed_by_unit_id),
        "exemption_state": exemption_state,
    }


def _iso(moment: datetime | None) -> str | None:
    """An instant in Vietnam's time, with its offset: 2024-01-05T08:30:00+07:00."""
    return None if moment is None else moment.astimezone(LOCAL_ZONE).isoformat()
