"""The page of one unit task, and a step taken from it: shared by the task and report pages."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.audit.labels import entity_action_labels
from webapp.extensions import db
from webapp.notifications.operations import send_emails_later
from webapp.reports.evidence import VIEWABLE_TYPES, max_bytes
from webapp.reports.models import ReportDecision
from webapp.tasks.forms import (
    CommentForm,
    ConfirmForm,
    DecisionForm,
    ExtensionDecisionForm,
    ExtensionForm,
    ReportForm,
    StartForm,
)
from webapp.tasks.models import ExtensionDecision, UnitTask
from webapp.tasks.policies import task_page_actions
from webapp.tasks.queries import TASK_ENTITY, reports_of, timeline_of
from webapp.unit_of_work import unit_of_work
from workflows.errors import NotFound, PermissionDenied
from workflows.machines import task as machine
from workflows.periods import local_today

STEP_LABELS = entity_action_labels(TASK_ENTITY)


def render_task(task: UnitTask, forms: dict | None = None, problems=(), status: int = 200):
    """Render a task's page with the forms its viewer may use."""
    reports = reports_of(task)
    pending_report = next((r for r in reports if r.decision == ReportDecision.PENDING), None)
    pending_extension = next(
        (e for e in task.extensions if e.decision == ExtensionDecision.PENDING), None
    )
    can = task_page_actions(current_user, task, pending_report, pending_extension)
    forms = {
        "start": StartForm(formdata=None),
        "report": ReportForm(formdata=None),
        "extend": ExtensionForm(formdata=None),
        "decide_report": DecisionForm(formdata=None),
        "comment_report": CommentForm(formdata=None),
        "decide_extension": ExtensionDecisionForm(formdata=None),
        "confirm": ConfirmForm(formdata=None),
        **(forms or {}),
    }
    today = local_today()
    return render_template(
        "tasks/show.html",
        task=task,
        reports=reports,
        pending_report=pending_report,
        pending_extension=pending_extension,
        timeline=timeline_of(task),
        step_labels=STEP_LABELS,
        can=can,
        forms=forms,
        problems=problems,
        today=today,
        label=machine.display_label(task.state, task.deadline, today, task.completed_late),
        overdue=machine.is_overdue(task.state, task.deadline, today),
        evidence_limit_mb=max_bytes() // (1024 * 1024),
        viewable=VIEWABLE_TYPES,
    ), status


def take_step(task: UnitTask, name: str, form, step: Callable[[], object], done: str):
    """Run one step from a task's page: a refused step comes back on it, a refused actor gets 403."""
    if not form.validate_on_submit():
        return render_task(task, {name: form}, status=422)
    # Who may take a step is no problem of the form: refused like any other request.
    with unit_of_work(let_through=(PermissionDenied, NotFound)) as work:
        step()
    if work.refused:
        task = db.session.get(UnitTask, task.id)
        return render_task(task, {name: form}, work.message_and_problems, 422)
    send_emails_later()
    flash(done, "success")
    return redirect(url_for("tasks.show", task_id=task.id))
