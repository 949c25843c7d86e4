"""Task verbs: issuing, reporting with evidence, deciding, extending, confirming, withdrawing;
who may take each step and which unit's task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.webapp.trails import task_trail
from webapp.directives.models import DirectiveState
from webapp.extensions import db
from webapp.notifications.models import Notification
from webapp.reports.operations import accept_report, submit_report
from webapp.tasks.compliance import evaluate_criteria, order_follow_up, proposals
from webapp.tasks.issuing import issue_directive, withdraw_directive
from webapp.tasks.operations import (
    confirm_compliance,
    decide_extension,
    request_extension,
)
from webapp.tasks.queries import visible_tasks
from workflows.errors import Conflict, InvalidInput, PermissionDenied
from workflows.machines.directive import TransitionRefused as LetterRefused
from workflows.machines.task import State, TransitionRefused
from workflows.periods import local_today


def test_issuing_creates_one_task_per_assignment_and_unit_and_tells_each_unit(issued):
    letter = issued.letter
    expected = {(a.id, link.unit_id) for a in letter.assignments for link in a.unit_links}
    assert {(t.assignment_id, t.unit_id) for t in issued.tasks} == expected
    assert letter.state == DirectiveState.ISSUED and letter.issued_at is not None
    assert {t.state for t in issued.tasks} == {State.NOT_STARTED}
    rate = issued.task("TAMPHUOC", 1)
    assert rate.deadline == rate.assignment.deadline
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == issued.city.anbinh.id)
    ).all()
    assert len(notes) == 1 and letter.number_text in notes[0].subject
    assert task_trail(rate) == ["create"]


def test_only_the_office_issues_and_only_a_signed_letter(issued):
    with pytest.raises(LetterRefused):
        issue_directive(issued.city.office, issued.letter)
    with pytest.raises(PermissionDenied):
        issue_directive(issued.city.chairman, issued.letter)


def test_a_unit_sees_only_its_own_tasks(issued):
    codes = {t.unit.code for t in visible_tasks(issued.city.anbinh)}
    assert codes == {"ANBINH"}
    assert len(visible_tasks(issued.city.office)) == len(issued.tasks)


def test_at_most_two_extensions_decided_by_a_leader(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    first = task.deadline + timedelta(days=10)
    request = request_extension(city.anbinh, task, first, "Cần thêm thời gian rà soát.")
    with pytest.raises(Conflict):
        request_extension(city.anbinh, task, first + timedelta(days=1), "Lần nữa.")
    with pytest.raises(PermissionDenied):
        decide_extension(city.office, request, True)
    decide_extension(city.chairman, request, True)
    assert task.deadline == first and task.extensions_granted == 1
    second = request_extension(city.anbinh, task, first + timedelta(days=5), "Chờ phần mềm.")
    with pytest.raises(InvalidInput):
        decide_extension(city.chairman, second, False, "")
    decide_extension(city.chairman, second, False, "Không có lý do chính đáng.")
    assert task.deadline == first
    third = request_extension(city.anbinh, task, first + timedelta(days=5), "Lần hai.")
    decide_extension(city.chairman, third, True)
    with pytest.raises(Conflict, match="2 lần"):
        request_extension(city.anbinh, task, first + timedelta(days=20), "Lần ba.")
    assert task_trail(task).count("grant_extension") == 2


def test_accepting_after_the_deadline_is_completion_late(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    task.deadline = local_today() - timedelta(days=1)
    report = submit_report(city.anbinh, task, "Xong muộn.", 100)
    accept_report(city.chairman, report)
    assert task.completed_late


def test_figures_of_the_next_month_judge_the_criteria_and_propose_the_next_step(issued):
    city = issued.city
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    city.add_month("BUUHOA", "2024-02", resolved_on_time=50, resolved_late=0)
    city.add_month("ANBINH", "2024-02", closed_late_in_software=0, complaints=1)
    checks = evaluate_criteria(["2024-02"])
    by_unit = {(c.task.unit.code, c.task.assignment.position): c for c in checks}
    assert by_unit["TAMPHUOC", 1].met is False and by_unit["TAMPHUOC", 1].value == 90.0
    assert by_unit["TAMPHUOC", 1].repeat_count == 4  # November to February
    assert by_unit["BUUHOA", 1].met is True
    assert by_unit["ANBINH", 2].met is True  # no more forgotten closes
    assert by_unit["ANBINH", 3].met is False  # still complained about
    to_confirm, to_follow = proposals(issued.tasks)
    assert {(p.task.unit.code, p.task.assignment.position) for p in to_confirm} >= {
        ("BUUHOA", 1),
        ("ANBINH", 2),
    }
    failing = {p.task.unit.code: p for p in to_follow}
    assert failing["TAMPHUOC"].flagged and failing["TAMPHUOC"].kind.value == "criticism"
    assert "evaluate" in task_trail(issued.task("TAMPHUOC", 1))


def test_the_leader_confirms_one_unit_and_orders_a_follow_up_for_another(issued):
    city = issued.city
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    city.add_month("BUUHOA", "2024-02", resolved_on_time=50, resolved_late=0)
    evaluate_criteria(["2024-02"])
    buuhoa = issued.task("BUUHOA", 1)
    with pytest.raises(PermissionDenied):
        confirm_compliance(city.office, buuhoa)
    confirm_compliance(city.chairman, buuhoa, "Đã đạt 100%.")
    assert buuhoa.state == State.CONFIRMED
    with pytest.raises(TransitionRefused):
        confirm_compliance(city.chairman, buuhoa)
    follow_up = order_follow_up(city.chairman, issued.letter, "2024-02")
    assert follow_up.kind.value == "criticism" and follow_up.state == DirectiveState.DRAFT
    leads = {u.code for a in follow_up.assignments for u in a.lead_units}
    assert "TAMPHUOC" in leads and "BUUHOA" not in leads
    assert issued.task("TAMPHUOC", 1).follow_up_directive_id == follow_up.id
    with pytest.raises(Conflict):
        order_follow_up(city.chairman, issued.letter, "2024-02")


def test_the_letter_closes_when_its_last_task_is_confirmed(issued):
    for task in issued.tasks:
        confirm_compliance(issued.city.chairman, task)
    assert issued.letter.state == DirectiveState.CLOSED


def test_withdrawing_a_letter_withdraws_its_open_tasks(issued):
    city = issued.city
    with pytest.raises(InvalidInput):
        withdraw_directive(city.chairman, issued.letter, " ")
    withdraw_directive(city.chairman, issued.letter, "Ban hành nhầm kỳ số liệu.")
    assert issued.letter.state == DirectiveState.WITHDRAWN
    assert {t.state for t in issued.tasks} == {State.WITHDRAWN}
    with pytest.raises(TransitionRefused):
        submit_report(city.anbinh, issued.task("ANBINH", 2), "Muộn rồi.", 100)
