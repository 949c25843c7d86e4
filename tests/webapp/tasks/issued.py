"""The small city's January letter, drafted, signed and issued: the units have their tasks."""

from __future__ import annotations

from dataclasses import dataclass

from tests.webapp.directives.small_city import City
from webapp.auth.operations import issue_api_token
from webapp.directives.models import Directive
from webapp.directives.operations import approve_directive, draft_directive, submit_directive
from webapp.extensions import db
from webapp.stats.models import FiguresSource, UnitPeriodFigures
from webapp.tasks.issuing import issue_directive
from webapp.tasks.models import UnitTask

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Issued:
    city: City
    letter: Directive
    tasks: list[UnitTask]

    def task(self, unit_code: str, rule_position: int | None = None) -> UnitTask:
        """The lead task of a unit (for one assignment number, or its first)."""
        for task in self.tasks:
            position = task.assignment.position
            if (
                task.unit.code == unit_code
                and task.role.value == "lead"
                and rule_position in (None, position)
            ):
                return task
        raise LookupError(unit_code)


def bearer_headers(city: City) -> dict[str, dict]:
    """Authorization headers of new API tokens of the office, leader, admin and two unit users."""
    users = {
        "office": city.office,
        "leader": city.chairman,
        "admin": city.admin,
        "anbinh": city.anbinh,
        "tantien": city.tantien,
    }
    made = {name: issue_api_token(None, user) for name, user in users.items()}
    db.session.commit()
    return {name: {"Authorization": f"Bearer {token}"} for name, token in made.items()}


def issue_january(city: City) -> Issued:
    letter = draft_directive(city.office, "2024-01")
    submit_directive(city.office, letter)
    approve_directive(city.chairman, letter)
    tasks = issue_directive(city.office, letter)
    db.session.commit()
    return Issued(city, letter, tasks)


def add_month(unit: str, period: str, city: City, **values) -> None:
    """Store one unit's reported figures for a month, as if imported."""
    figures = {
        "received": 50,
        "resolved_on_time": 50,
        "resolved_late": 0,
        "pending_on_time": 0,
        "pending_overdue": 0,
        "closed_late_in_software": 0,
        "complaints": 0,
        **values,
    }
    db.session.add(
        UnitPeriodFigures(
            unit_id=city.units[unit].id, period=period, source=FiguresSource.REPORT, **figures
        )
    )
    db.session.flush()
