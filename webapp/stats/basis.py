"""The findings a drafted letter rests on, each with the figure whose dossiers show it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from webapp.auth.models import User
from webapp.extensions import db
from webapp.stats.queries import findings_for
from webapp.units.models import Unit
from workflows.letters.draft_types import UnitInfo
from workflows.letters.naming import in_letter_order
from workflows.rules.findings import Finding, Rule

# The figure whose list shows what a rule found: a low rate by its late dossiers.
RULE_FIGURES = {
    Rule.RATE_BELOW_THRESHOLD: "resolved_late",
    Rule.PENDING_OVERDUE: "pending_overdue",
    Rule.CLOSED_LATE_IN_SOFTWARE: "closed_late_in_software",
    Rule.COMPLAINTS: "complaints",
    Rule.DELAYED_OTHERS: "late_caused_elsewhere",
}


@dataclass(frozen=True)
class FindingBasis:
    finding: Finding
    unit_name: str

    @property
    def figure(self) -> str:
        return RULE_FIGURES[self.finding.rule]


def findings_basis(user: User, period: str | None) -> list[FindingBasis]:
    """The period's findings in the order the rules are listed, with their units' names."""
    if not period:
        return []
    findings = findings_for(user, period)
    codes = {finding.unit_code for finding in findings}
    units = [
        UnitInfo(code, name, kind.value)
        for code, name, kind in db.session.execute(
            select(Unit.code, Unit.name, Unit.kind).where(Unit.code.in_(codes))
        )
    ]
    names = {unit.code: unit.name for unit in units}
    return [
        FindingBasis(finding, names.get(finding.unit_code, finding.unit_code))
        for finding in in_letter_order(findings, units)
    ]
