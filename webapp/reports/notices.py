"""What a report tells the people who act next: the office and the leaders when a unit reports,
the unit when a leader decides. Each notification is keyed by its report: told once."""

from __future__ import annotations

from webapp.auth.models import Role
from webapp.notifications.operations import notify, staff_users, unit_users
from webapp.reports.models import Report, ReportDecision
from webapp.tasks.notices import task_link, task_name


def tell_staff_of_report(report: Report) -> None:
    """Tell the office and the leaders that a unit reported on its task."""
    task = report.task
    notify(
        staff_users(Role.OFFICE, Role.LEADER),
        f"Báo cáo của {task.unit.name} về {task_name(task)}",
        report.text[:500],
        task_link(task),
        key=f"report:{report.id}:submitted",
    )


def tell_unit_of_decision(report: Report) -> None:
    """Tell the unit whether its report was accepted (đạt) or returned (chưa đạt)."""
    task = report.task
    heading = f"Báo cáo về {task_name(task)} "
    if report.decision == ReportDecision.ACCEPTED:
        heading += "được xác nhận đạt" + (" (hoàn thành sau hạn)" if task.completed_late else "")
    else:
        heading += "chưa đạt, cần bổ sung"
    notify(
        unit_users(task.unit_id),
        heading,
        report.decision_comment or "",
        task_link(task),
        key=f"report:{report.id}:decided",
    )
