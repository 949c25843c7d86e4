"""A unit's task: one assignment of an issued letter for one unit, followed until confirmed."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, enum_column, utcnow
from webapp.directives.models import Assignment, UnitRole
from webapp.extensions import db
from workflows.machines.task import State as TaskState


class ExtensionDecision(enum.StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {"pending": "Chờ quyết định", "granted": "Đồng ý", "refused": "Không đồng ý"}[self]


class UnitTask(db.Model):
    __tablename__ = "unit_tasks"
    __table_args__ = (
        UniqueConstraint("assignment_id", "unit_id"),
        # The tracking board's totals: tasks by state, and those past their deadline.
        Index("ix_unit_tasks_state_deadline", "state", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[UnitRole] = mapped_column(enum_column(UnitRole, "unit_task_role", 8))
    state: Mapped[TaskState] = mapped_column(
        enum_column(TaskState, "unit_task_state", 12), default=TaskState.NOT_STARTED
    )
    # The current deadline: the assignment's, or a later one granted on request.
    deadline: Mapped[date | None] = mapped_column(Date)
    extensions_granted: Mapped[int] = mapped_column(default=0)
    # Accepted after its deadline (hoàn thành sau hạn).
    completed_late: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The reminder or criticism the leader ordered because the unit still fell short.
    follow_up_directive_id: Mapped[int | None] = mapped_column(ForeignKey("directives.id"))

    assignment: Mapped[Assignment] = relationship()
    unit = relationship("Unit")
    follow_up_directive = relationship("Directive")
    extensions: Mapped[list[ExtensionRequest]] = relationship(
        back_populates="task", order_by="ExtensionRequest.id"
    )
    checks: Mapped[list[CriterionCheck]] = relationship(
        back_populates="task", order_by="CriterionCheck.period"
    )

    @property
    def directive(self):
        return self.assignment.directive


class ExtensionRequest(db.Model):
    """A unit's request for a later deadline, and the leader's decision."""

    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("unit_tasks.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_deadline: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    decision: Mapped[ExtensionDecision] = mapped_column(
        enum_column(ExtensionDecision, "extension_decision", 8), default=ExtensionDecision.PENDING
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_comment: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[UnitTask] = relationship(back_populates="extensions")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


class CriterionCheck(db.Model):
    """An assignment's criterion judged on the unit's figures of one month after the letter."""

    __tablename__ = "criterion_checks"
    __table_args__ = (UniqueConstraint("task_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("unit_tasks.id"))
    period: Mapped[str] = mapped_column(String(7))
    # None when the month gives nothing to judge (no figures, or nothing resolved for a rate).
    met: Mapped[bool | None] = mapped_column()
    value: Mapped[float | None] = mapped_column()
    text: Mapped[str] = mapped_column(String(300))
    # How often the unit failed the criterion's rule in the last 12 months (the findings' count).
    repeat_count: Mapped[int] = mapped_column(default=0)
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    task: Mapped[UnitTask] = relationship(back_populates="checks")
