"""Steps taken on the to-do page itself: signing (through its confirmation page, with the letter to
read), accepting a report whose words are shown, and confirming the month's met tasks ticked."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from tests.webapp.main.test_todo import landing, section
from webapp.directives.models import Directive, DirectiveState
from webapp.directives.operations import draft_directive, submit_directive
from webapp.extensions import db
from webapp.reports.models import Report, ReportDecision
from webapp.reports.operations import submit_report
from webapp.tasks.models import CriterionCheck, UnitTask
from workflows.machines.task import State as TaskState


def step_form(section_html: str, label: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the step form whose button reads `label`."""
    for form in re.findall(r"<form.*?</form>", section_html, re.S):
        if re.search(rf"<button[^>]*>{re.escape(label)}</button>", form):
            action = html.unescape(re.search(r'action="([^"]+)"', form).group(1))
            fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
            return action, {name: html.unescape(value) for name, value in fields.items()}
    raise AssertionError(f"no step {label!r} in {section_html}")


def test_the_leader_signs_from_the_to_do_page_after_its_confirmation(client, auth, issued):
    draft = draft_directive(issued.city.office, "2024-01")
    submit_directive(issued.city.office, draft)
    db.session.commit()

    action, fields = step_form(section(landing(client, auth, "chutich"), "to-sign"), "Ký và cấp số")
    assert action == f"/directives/{draft.id}/approve"

    asked = client.post(action, data=fields)
    assert asked.status_code == 200
    assert "sẽ được cấp số" in asked.text
    read = re.search(r'<a href="([^"]+)" data-testid="confirmation-read">', asked.text)
    assert read and read.group(1) == f"/directives/{draft.id}/pdf"
    assert db.session.get(Directive, draft.id).state == DirectiveState.SUBMITTED

    confirmed = client.post(action, data={**fields, "confirmed": "1"})
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Directive, draft.id).state == DirectiveState.SIGNED


def test_the_leader_reads_a_report_and_accepts_it_from_the_to_do_page(client, auth, issued):
    task = issued.task("ANBINH")
    report = submit_report(issued.city.anbinh, task, "Đã rà soát toàn bộ hồ sơ trễ hạn.", 100)
    db.session.commit()

    reports = section(landing(client, auth, "chutich"), "reports-to-decide")
    assert "“Đã rà soát toàn bộ hồ sơ trễ hạn.”" in reports
    assert "không có tệp minh chứng" in reports
    action, fields = step_form(reports, "Đạt")
    assert action == f"/reports/{report.id}/decide"

    assert client.post(action, data=fields).status_code == 302
    db.session.expire_all()
    assert db.session.get(Report, report.id).decision == ReportDecision.ACCEPTED
    assert section(landing(client, auth, "chutich"), "reports-to-decide") == ""


def test_the_latest_months_met_tasks_are_confirmed_as_ticked_on_the_to_do_page(
    client, auth, issued
):
    first, second, older = (issued.task(code) for code in ("TAMPHUOC", "BUUHOA", "ANBINH"))
    db.session.add_all(
        [
            CriterionCheck(task_id=first.id, period="2024-03", met=True, text="Tỷ lệ 98 %"),
            CriterionCheck(task_id=second.id, period="2024-03", met=True, text="Tỷ lệ 99 %"),
            CriterionCheck(task_id=older.id, period="2024-02", met=True, text="Tỷ lệ 97 %"),
        ]
    )
    db.session.commit()

    confirm = section(landing(client, auth, "chutich"), "to-confirm")
    form = re.search(r'<form[^>]*data-testid="todo-pick".*?</form>', confirm, re.S).group(0)
    assert '<input type="hidden" name="period" value="2024-03">' in form
    ticked = re.findall(r'<input type="checkbox" name="task" value="(\d+)"[^>]* checked', form)
    # The latest month's tasks come ticked; an older month's are confirmed on its own page.
    assert sorted(map(int, ticked)) == sorted([first.id, second.id])

    action = html.unescape(re.search(r'action="([^"]+)"', form).group(1))
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post(action, data={"csrf_token": token, "period": "2024-03", "task": first.id})
    assert answer.status_code == 302

    db.session.expire_all()
    states = dict(
        db.session.execute(
            select(UnitTask.id, UnitTask.state).where(
                UnitTask.id.in_([first.id, second.id, older.id])
            )
        ).all()
    )
    assert states[first.id] == TaskState.CONFIRMED
    assert states[second.id] != TaskState.CONFIRMED
    assert states[older.id] != TaskState.CONFIRMED
