"""Task routes of the API and the pages: scope (another unit's task is not found), roles, the
report form with files, the board, the inbox, the audit trail."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.conftest import PASSWORD
from tests.factories import PDF, city_bearers, small_city
from webapp.directives.models import Directive, DirectiveState
from webapp.directives.operations import approve_directive, draft_directive, submit_directive
from webapp.extensions import db
from webapp.reports.models import Report
from webapp.reports.operations import submit_report
from webapp.tasks.compliance import evaluate_criteria
from webapp.tasks.issuing import issue_directive, planned_tasks
from webapp.tasks.models import UnitTask
from workflows.machines.task import OPEN, State


@pytest.fixture
def tokens(issued):
    return city_bearers(issued.city)


def report_via_api(client, headers, task_id, text="Đã khắc phục.", files=()):
    data = {"text": text, "percent": "100"}
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(
        f"/api/v1/tasks/{task_id}/reports",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
    )


def test_the_api_lists_each_callers_tasks(client, issued, tokens):
    mine = client.get("/api/v1/tasks", headers=tokens["anbinh"]).json
    assert mine and {row["unit_code"] for row in mine} == {"ANBINH"}
    assert {"status", "deadline", "directive_number", "overdue"} <= set(mine[0])
    every = client.get("/api/v1/tasks", headers=tokens["office"]).json
    assert len(every) == len(issued.tasks)
    assert client.get("/api/v1/tasks").status_code == 401


def test_a_unit_reporting_on_another_units_task_by_guessed_id_gets_404(client, issued, tokens):
    other = issued.task("ANBINH", 2)
    response = report_via_api(client, tokens["tantien"], other.id)
    assert response.status_code == 404
    assert response.json["error"]
    assert client.get(f"/api/v1/tasks/{other.id}", headers=tokens["tantien"]).status_code == 404
    assert db.session.get(type(other), other.id).state == State.NOT_STARTED


def test_report_accept_confirm_through_the_api_with_the_trail(client, issued, tokens):
    task = issued.task("ANBINH", 2)
    created = report_via_api(client, tokens["anbinh"], task.id, files=[("bien-ban.pdf", PDF)])
    assert created.status_code == 201, created.json
    assert created.json["evidence"][0]["content_type"] == "application/pdf"
    report_id = created.json["id"]
    assert (
        client.post(
            f"/api/v1/reports/{report_id}/accept", json={}, headers=tokens["anbinh"]
        ).status_code
        == 403
    )
    accepted = client.post(
        f"/api/v1/reports/{report_id}/accept", json={"comment": "Đạt"}, headers=tokens["leader"]
    )
    assert accepted.status_code == 200 and accepted.json["decision"] == "accepted"
    confirmed = client.post(f"/api/v1/tasks/{task.id}/confirm", json={}, headers=tokens["leader"])
    assert confirmed.status_code == 200 and confirmed.json["state"] == "confirmed"
    trail = client.get(
        f"/api/v1/audit?entity=unit_task&id={task.id}", headers=tokens["office"]
    ).json
    assert [e["action"] for e in trail] == ["create", "report", "accept", "confirm"]
    assert all(e["occurred_at"] for e in trail)


def test_a_lying_file_is_422_and_a_return_needs_a_comment(client, issued, tokens):
    task = issued.task("ANBINH", 2)
    lying = report_via_api(client, tokens["anbinh"], task.id, files=[("x.pdf", b"<html>")])
    assert lying.status_code == 422 and lying.json["details"]
    created = report_via_api(client, tokens["anbinh"], task.id).json
    response = client.post(
        f"/api/v1/reports/{created['id']}/return", json={}, headers=tokens["leader"]
    )
    assert response.status_code == 422


def test_issuing_twice_through_the_api_is_a_conflict(client, issued, tokens):
    response = client.post(f"/api/v1/directives/{issued.letter.id}/issue", headers=tokens["office"])
    assert response.status_code == 409


def login(auth, username):
    if auth._client.get("/account").status_code == 200:
        auth.logout()
    assert auth.login(username, PASSWORD).status_code == 302


def token_of(auth):
    return auth.csrf_token("/account")


def test_the_unit_reports_on_its_task_page_and_the_leader_decides_on_it(client, auth, issued):
    task = issued.task("ANBINH", 2)
    login(auth, "anbinh")
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'data-testid="report-form"' in page and "Quá trình thực hiện" in page
    response = client.post(
        f"/tasks/{task.id}/reports",
        data={
            "csrf_token": token_of(auth),
            "text": "Đã khắc phục.",
            "percent": "100",
            "files": (io.BytesIO(PDF), "bien-ban.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    report = db.session.scalars(select(Report)).one()
    evidence_url = f"/evidence/{report.evidence[0].id}"
    with client.get(evidence_url) as download:
        assert download.data == PDF
        assert download.headers["Content-Disposition"].startswith("attachment")
    login(auth, "tantien")
    assert client.get(f"/tasks/{task.id}").status_code == 404
    assert client.get(evidence_url).status_code == 404
    login(auth, "chutich")
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'data-testid="decision-form"' in page
    refused = client.post(
        f"/reports/{report.id}/decide",
        data={"csrf_token": token_of(auth), "decision-comment": "", "decision-refuse": "Chưa đạt"},
    )
    assert refused.status_code == 422
    assert "Cần ghi ý kiến" in refused.get_data(as_text=True)
    refusal = {
        "csrf_token": token_of(auth),
        "decision-comment": "Thiếu biên bản.",
        "decision-refuse": "Chưa đạt",
    }
    asked = client.post(f"/reports/{report.id}/decide", data=refusal)
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert (
        f"Báo cáo của UBND phường An Bình về nhiệm vụ 2 của văn bản "
        f"{issued.letter.number_text} sẽ bị trả lại (chưa đạt)." in page
    )
    assert 'name="decision-refuse" value="Chưa đạt"' in page and "Xác nhận chưa đạt" in page
    db.session.expire_all()
    assert db.session.get(type(task), task.id).state == State.REPORTED
    assert db.session.get(Report, report.id).decision.value == "pending"
    accepted = client.post(
        f"/reports/{report.id}/decide",
        data={"csrf_token": token_of(auth), "decision-comment": "", "decision-accept": "Đạt"},
    )
    assert accepted.status_code == 302
    assert db.session.get(type(task), task.id).state == State.ACCEPTED


def test_a_confirmed_refusal_returns_the_report(client, auth, issued):
    task = issued.task("ANBINH", 2)
    report = submit_report(issued.city.anbinh, task, "Đã rà soát.", 100, [], None)
    db.session.commit()
    login(auth, "chutich")
    refusal = {
        "csrf_token": token_of(auth),
        "decision-comment": "Thiếu biên bản.",
        "decision-refuse": "Chưa đạt",
        "confirmed": "1",
    }
    answer = client.post(f"/reports/{report.id}/decide", data=refusal)
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Report, report.id).decision.value == "returned"
    assert db.session.get(type(task), task.id).state == State.IN_PROGRESS


def test_the_board_inbox_and_notifications_by_role(client, auth, issued):
    city = issued.city
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    evaluate_criteria(["2024-02"])
    db.session.commit()
    login(auth, "vanphong")
    board = client.get("/tracking").get_data(as_text=True)
    assert issued.letter.number_text in board and "UBND phường Tam Phước" in board
    export = client.get("/tracking.xlsx")
    sheet = load_workbook(io.BytesIO(export.data)).active
    assert sheet.max_row == len(issued.tasks) + 1
    assert client.get("/inbox").status_code == 403
    login(auth, "chutich")
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Tam Phước" in inbox and "đề nghị xem xét kỷ luật" in inbox
    assert int(re.search(r'data-testid="inbox-count">(\d+)<', inbox)[1]) >= 1
    login(auth, "anbinh")
    assert client.get("/tracking").status_code == 404
    assert client.get("/inbox").status_code == 404
    notes = client.get("/notifications").get_data(as_text=True)
    assert issued.letter.number_text in notes
    assert client.get("/tasks").status_code == 200


def test_steps_without_a_csrf_token_are_refused(client, auth, issued):
    task = issued.task("ANBINH", 2)
    login(auth, "anbinh")
    response = client.post(f"/tasks/{task.id}/reports", data={"text": "x", "percent": "1"})
    assert response.status_code in (400, 422)
    assert db.session.scalars(select(Report)).first() is None


def test_the_letter_page_issues_withdraws_and_orders_follow_ups(client, auth, issued):
    city = issued.city
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    evaluate_criteria(["2024-02"])
    db.session.commit()
    letter_id = issued.letter.id
    login(auth, "vanphong")
    again = client.post(f"/directives/{letter_id}/issue", data={"csrf_token": token_of(auth)})
    assert again.status_code == 302  # refused, told on the letter's page
    assert "Không thể ban hành" in client.get(f"/directives/{letter_id}").get_data(as_text=True)
    assert (
        client.post(
            f"/directives/{letter_id}/follow-up",
            data={"csrf_token": token_of(auth), "period": "2024-02"},
        ).status_code
        == 403
    )
    login(auth, "chutich")
    ordered = client.post(
        f"/directives/{letter_id}/follow-up",
        data={"csrf_token": token_of(auth), "period": "2024-02"},
    )
    assert ordered.status_code == 302
    follow_up = db.session.scalars(
        select(Directive).where(Directive.id != letter_id).order_by(Directive.id.desc())
    ).first()
    assert ordered.headers["Location"] == f"/directives/{follow_up.id}"
    assert follow_up.kind.value == "criticism"
    form = {"csrf_token": token_of(auth), "reason": "Ban hành nhầm."}
    asked = client.post(f"/directives/{letter_id}/withdraw", data=form)
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    open_tasks = [t for t in issued.tasks if t.state in OPEN]
    units = len({t.unit_id for t in open_tasks})
    assert f"Văn bản {issued.letter.number_text} sẽ bị thu hồi." in page
    assert f"{len(open_tasks)} nhiệm vụ chưa hoàn thành của {units} đơn vị bị thu hồi theo" in page
    assert (
        'name="reason" value="Ban hành nhầm."' in page and "Lý do thu hồi: Ban hành nhầm." in page
    )
    db.session.expire_all()
    assert db.session.get(Directive, letter_id).state == DirectiveState.ISSUED
    withdrawn = client.post(f"/directives/{letter_id}/withdraw", data={**form, "confirmed": "1"})
    assert withdrawn.status_code == 302
    assert db.session.get(Directive, letter_id).state == DirectiveState.WITHDRAWN
    login(auth, "anbinh")
    assert (
        client.post(
            f"/directives/{letter_id}/withdraw",
            data={"csrf_token": token_of(auth), "reason": "x"},
        ).status_code
        == 404
    )


@pytest.fixture
def signed_letter(app):
    """The small city's January letter, signed, not yet issued."""
    city = small_city()
    letter = draft_directive(city.office, "2024-01")
    submit_directive(city.office, letter)
    approve_directive(city.chairman, letter)
    db.session.commit()
    return letter


def test_issuing_from_the_page_asks_for_confirmation_first(client, auth, signed_letter):
    links = [link.unit_id for a in signed_letter.assignments for link in a.unit_links]
    assert len(links) > len(set(links)) > 1  # some unit has more than one task
    login(auth, "vanphong")
    path = f"/directives/{signed_letter.id}/issue"
    asked = client.post(path, data={"csrf_token": token_of(auth)})
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert f"Tạo {len(links)} nhiệm vụ cho {len(set(links))} đơn vị." in page
    assert f'action="{path}"' in page and "Xác nhận ban hành" in page
    assert db.session.scalar(select(func.count()).select_from(UnitTask)) == 0
    db.session.expire_all()
    assert db.session.get(Directive, signed_letter.id).state == DirectiveState.SIGNED
    done = client.post(path, data={"csrf_token": token_of(auth), "confirmed": "1"})
    assert done.status_code == 302 and done.location.startswith("/tracking")
    assert db.session.scalar(select(func.count()).select_from(UnitTask)) == len(links)
    assert db.session.get(Directive, signed_letter.id).state == DirectiveState.ISSUED


def test_a_letter_waiting_for_signature_is_not_offered_for_withdrawal(client, auth, app):
    city = small_city()
    letter = draft_directive(city.office, "2024-01")
    submit_directive(city.office, letter)
    db.session.commit()
    login(auth, "chutich")
    path = f"/directives/{letter.id}"
    page = client.get(path).get_data(as_text=True)
    assert "Ký và cấp số" in page
    assert "Thu hồi văn bản" not in page and 'data-testid="withdraw-form"' not in page
    form = {"csrf_token": token_of(auth), "reason": "Không cần nữa.", "confirmed": "1"}
    refused = client.post(f"{path}/withdraw", data=form)
    assert refused.status_code == 302
    assert "Không thể thu hồi" in client.get(path).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Directive, letter.id).state == DirectiveState.SUBMITTED
    # Once signed, the leader may withdraw it.
    approve_directive(city.chairman, db.session.get(Directive, letter.id))
    db.session.commit()
    assert 'data-testid="withdraw-form"' in client.get(path).get_data(as_text=True)


def signed_january(city):
    letter = draft_directive(city.office, "2024-01")
    submit_directive(city.office, letter)
    approve_directive(city.chairman, letter)
    return letter


def test_the_office_issues_several_signed_letters_at_once(client, auth, app):
    city = small_city()
    first, issued_before, second = (signed_january(city) for _ in range(3))
    tasks_before = len(issue_directive(city.office, issued_before))
    db.session.commit()
    login(auth, "vanphong")
    listed = client.get("/directives").get_data(as_text=True)
    assert 'data-testid="bulk-issue-form"' in listed
    ticked = re.findall(r'name="directive_ids" value="(\d+)" form="bulk-issue-form"', listed)
    assert sorted(ticked) == sorted([str(first.id), str(second.id)])

    chosen = [("directive_ids", str(d.id)) for d in (first, second)]
    asked = client.post(
        "/directives/issue", data=MultiDict([("csrf_token", token_of(auth)), *chosen])
    )
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    planned = {d.id: planned_tasks(d) for d in (first, second)}
    units = {link.unit_id for d in (first, second) for a in d.assignments for link in a.unit_links}
    total = sum(tasks for tasks, _ in planned.values())
    assert f"Ban hành 2 văn bản: tạo {total} nhiệm vụ cho {len(units)} đơn vị." in page
    for letter in (first, second):
        tasks, unit_count = planned[letter.id]
        item = page.split(f"<strong>{letter.number_text} (V/v ")[1].split("</li>")[0]
        assert f"Tạo {tasks} nhiệm vụ cho {unit_count} đơn vị." in item
    assert "Mỗi văn bản được ban hành riêng" in page
    assert page.count('name="directive_ids"') == 2
    assert db.session.scalar(select(func.count()).select_from(UnitTask)) == tasks_before
    db.session.expire_all()
    assert {db.session.get(Directive, d.id).state for d in (first, second)} == {
        DirectiveState.SIGNED
    }

    # Confirmed, with the issued letter ticked between them (as from a stale page): it is named as
    # refused, the two others are issued all the same.
    stale = [chosen[0], ("directive_ids", str(issued_before.id)), chosen[1]]
    done = client.post(
        "/directives/issue",
        data=MultiDict([("csrf_token", token_of(auth)), ("confirmed", "1"), *stale]),
    )
    assert done.status_code == 302 and done.location == "/directives"
    db.session.expire_all()
    assert db.session.get(Directive, first.id).state == DirectiveState.ISSUED
    assert db.session.get(Directive, second.id).state == DirectiveState.ISSUED
    assert db.session.scalar(select(func.count()).select_from(UnitTask)) == tasks_before + total
    told = client.get("/directives").get_data(as_text=True)
    assert f"Đã ban hành 2 văn bản: {first.number_text} ({planned[first.id][0]} nhiệm vụ)" in told
    assert f"Không ban hành được {issued_before.number_text} (V/v" in told
    assert "Không thể ban hành" in told
    assert 'data-testid="bulk-issue-form"' not in told  # nothing signed is left


def test_issuing_several_letters_is_the_office_s(client, auth, app):
    city = small_city()
    letter = signed_january(city)
    db.session.commit()
    login(auth, "chutich")
    assert 'data-testid="bulk-issue-form"' not in client.get("/directives").get_data(as_text=True)
    form = {"csrf_token": token_of(auth), "directive_ids": str(letter.id), "confirmed": "1"}
    assert client.post("/directives/issue", data=form).status_code == 403
    login(auth, "vanphong")
    nothing = client.post("/directives/issue", data={"csrf_token": token_of(auth)})
    assert nothing.status_code == 302
    assert "Chưa chọn văn bản nào để ban hành." in client.get("/directives").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Directive, letter.id).state == DirectiveState.SIGNED
