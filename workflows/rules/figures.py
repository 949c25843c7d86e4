"""One unit's figures for one month, as the rules read them."""

from __future__ import annotations

from dataclasses import dataclass


def on_time_rate(on_time: int, late: int) -> float | None:
    """Return on_time / (on_time + late) as a percentage, or None when nothing was resolved."""
    total = on_time + late
    return None if total == 0 else 100.0 * on_time / total


@dataclass(frozen=True)
class MonthFigures:
    unit_code: str
    period: str
    received: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_on_time: int = 0
    pending_overdue: int = 0
    closed_late_in_software: int = 0
    complaints: int = 0
    # Inter-unit procedures: its late dossiers another unit's step made late, and other units'
    # late dossiers its own step made late.
    late_caused_by_others: int = 0
    late_caused_elsewhere: int = 0
    # Late dossiers counted on time after an accepted request for exemption (already moved from
    # resolved_late to resolved_on_time): what the figures differ from the portal's by.
    exempted: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.resolved_on_time, self.resolved_late)

    @property
    def overdue(self) -> int:
        """Dossiers that went past their due date this month: resolved late or still pending."""
        return self.resolved_late + self.pending_overdue
