"""What a report tells the people who act next: the office and the leaders when a unit reports,
the unit when a leader decides."""

from __future__ import annotations

from webapp.auth.models import Role
from webapp.notifications.operations import notify, staff_users, unit_users
from webapp.reports.models import Report, ReportDecision


def tell_staff_of_report(report: Report) -> None:
    """Tell the office and the leaders that a unit reported on its task."""
    task = report.task
    notify(
        staff_users(Role.OFFICE, Role.LEADER),
        f"{task.unit.name} báo cáo nhiệm vụ {task.assignment.position} của văn bản "
        f"{task.directive.number_text}",
        report.text[:500],
        f"/tasks/{task.id}",
    )


def tell_unit_of_decision(report: Report) -> None:
    """Tell the unit whether its report was accepted (đạt) or returned (chưa đạt)."""
    task = report.task
    heading = (
        f"Báo cáo nhiệm vụ {task.assignment.position} của văn bản {task.directive.number_text} "
    )
    if report.decision == ReportDecision.ACCEPTED:
        heading += "được xác nhận đạt" + (" (hoàn thành sau hạn)" if task.completed_late else "")
    else:
        heading += "chưa đạt, cần bổ sung"
    notify(unit_users(task.unit_id), heading, report.decision_comment or "", f"/tasks/{task.id}")
