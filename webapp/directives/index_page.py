"""The list of letters, with the drafting forms for the office: shared by the letter pages."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from webapp.auth.models import Role
from webapp.directives.forms import DraftForm, ReminderBatchForm, StateFilterForm
from webapp.directives.models import DirectiveState
from webapp.directives.policies import EDITORS
from webapp.directives.queries import visible_directives
from webapp.tasks.forms import BulkIssueForm
from webapp.tasks.policies import may_issue


def render_index(
    draft_form: DraftForm | None = None,
    reminder_form: ReminderBatchForm | None = None,
    problems: list | None = None,
    status: int = 200,
):
    """Render the list of letters, with the drafting forms for the office."""
    filter_form = StateFilterForm(request.args)
    directives = visible_directives(current_user, state=filter_form.chosen_state())
    leader = current_user.role == Role.LEADER
    editor = current_user.role in EDITORS
    # The office ticks signed letters to issue them together.
    issuable = may_issue(current_user) and any(d.state == DirectiveState.SIGNED for d in directives)
    return render_template(
        "directives/index.html",
        directives=directives,
        filter_form=filter_form,
        draft_form=(draft_form or DraftForm(formdata=None)) if editor else None,
        reminder_form=(reminder_form or ReminderBatchForm(formdata=None)) if editor else None,
        problems=problems or [],
        highlight_waiting=leader,
        bulk_issue_form=BulkIssueForm(formdata=None) if issuable else None,
        waiting=sum(d.state == DirectiveState.SUBMITTED for d in directives) if leader else 0,
    ), status
