"""Text longer than its field, on the pages, through the API or in an import, is refused with a
message at that field (or naming it), and nothing of it is stored: never a 500, never cut short."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.security.forging import field_errors, page_text, post_form, post_multipart, stored
from tests.webapp.directives.test_pages import editor_data
from webapp.auth.models import User
from webapp.directives.models import Directive
from webapp.extensions import db
from webapp.imports.models import ImportRun
from webapp.reports.models import Report
from webapp.stats.models import Complaint, ReportedFigures
from webapp.tasks.models import ExtensionRequest
from webapp.units.models import Unit

PAGE_CASES = {
    "unit name": (
        "quantri",
        "/admin/units/ANBINH/edit",
        "/admin/units/ANBINH/edit",
        {"name": "N" * 201, "kind": "ward", "parent_code": ""},
        "name",
        "Tên đơn vị tối đa 200 ký tự.",
    ),
    "display name": (
        "quantri",
        "/admin/users/new",
        "/admin/users/new",
        {
            "username": "dai",
            "display_name": "N" * 121,
            "role": "office",
            "unit_code": "",
            "password": "mat-khau-dai-qua",
        },
        "display_name",
        "Họ tên tối đa 120 ký tự.",
    ),
    "report text": (
        "anbinh",
        "/tasks/{task}",
        "/tasks/{task}/reports",
        {"text": "N" * 5001, "percent": "50"},
        "text",
        "Tối đa 5000 ký tự.",
    ),
    "apology citizen": (
        "anbinh",
        "/tasks/{task}",
        "/tasks/{task}/reports",
        {"text": "Xin lỗi.", "percent": "50", "with_apology": "y", "citizen_name": "N" * 301},
        "citizen_name",
        "Tối đa 300 ký tự.",
    ),
    "extension reason": (
        "anbinh",
        "/tasks/{task}",
        "/tasks/{task}/extensions",
        {"deadline": "2099-12-31", "reason": "N" * 2001},
        "reason",
        "Tối đa 2000 ký tự.",
    ),
}


@pytest.mark.parametrize("case", PAGE_CASES.values(), ids=PAGE_CASES.keys())
def test_over_long_text_on_a_page_is_refused_at_its_field(client, issued, login, case):
    user, page, action, data, field, message = case
    task = issued.task("ANBINH").id
    before = stored_state()
    login(user)
    answer = post_form(client, page.format(task=task), action.format(task=task), data)
    assert answer.status_code == 422
    assert field_errors(page_text(answer), field) == [message]
    assert stored_state() == before


def stored_state() -> tuple:
    """What a refused request must leave as it was."""
    db.session.expire_all()
    names = tuple(db.session.scalars(select(Unit.name).order_by(Unit.code)))
    letters = tuple(db.session.execute(select(Directive.subject, Directive.lead_in)).all())
    counts = tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Report, ExtensionRequest, ImportRun, Complaint, ReportedFigures)
    )
    return names, letters, counts


def test_over_long_text_in_the_editor_is_refused_at_its_field(client, issued, tokens, login):
    drafted = client.post(
        "/api/v1/directives", json={"period": "2024-01"}, headers=tokens["office"]
    )
    letter = stored(Directive, Directive.id == drafted.json["id"])
    before = stored_state()
    login("vanphong")
    data = editor_data(letter, **{"assignments-0-text": "N" * 5001, "lead_in": "N" * 1001})
    page = f"/directives/{letter.id}/edit"
    answer = post_form(client, page, page, data)
    assert answer.status_code == 422
    html = page_text(answer)
    assert field_errors(html, "assignments-0-text") == ["Nội dung nhiệm vụ tối đa 5000 ký tự."]
    assert field_errors(html, "lead_in") == ["Câu dẫn tối đa 1000 ký tự."]
    assert stored_state() == before


@pytest.fixture
def letter(client, tokens):
    """A draft letter, and one waiting for the leader's signature."""
    office = tokens["office"]
    draft = client.post("/api/v1/directives", json={"period": "2024-01"}, headers=office).json
    waiting = client.post("/api/v1/directives", json={"period": "2024-01"}, headers=office).json
    assert (
        client.post(f"/api/v1/directives/{waiting['id']}/submit", headers=office).status_code == 200
    )
    return {"draft": draft["id"], "waiting": waiting["id"]}


INVALID = "Dữ liệu gửi lên không hợp lệ."
DRAFT_REFUSED = "Dự thảo chưa hợp lệ; chưa lưu thay đổi nào."
API_CASES = {
    "subject": (
        "office",
        "PATCH",
        "/api/v1/directives/{draft}",
        {"subject": "N" * 501},
        DRAFT_REFUSED,
        [{"field": "subject", "message": "Dài tối đa 500 ký tự (hiện có 501)."}],
    ),
    "addressee": (
        "office",
        "PATCH",
        "/api/v1/directives/{draft}",
        {"addressees": ["N" * 301]},
        DRAFT_REFUSED,
        [{"field": "addressees.0", "message": "Dài tối đa 300 ký tự (hiện có 301)."}],
    ),
    "lead-in": (
        "office",
        "PATCH",
        "/api/v1/directives/{draft}",
        {"lead_in": "N" * 1001},
        DRAFT_REFUSED,
        [{"field": "lead_in", "message": "Dài tối đa 1000 ký tự (hiện có 1001)."}],
    ),
    "return comment": (
        "leader",
        "POST",
        "/api/v1/directives/{waiting}/return",
        {"comment": "N" * 2001},
        "Cần ghi ý kiến khi trả lại văn bản.",
        [{"field": "comment", "message": "Ý kiến phải có từ 1 đến 2000 ký tự."}],
    ),
    "confirm comment": (
        "leader",
        "POST",
        "/api/v1/tasks/{task}/confirm",
        {"comment": "N" * 2001},
        INVALID,
        [{"location": "json", "field": "comment", "message": "Dài tối đa 2000 ký tự."}],
    ),
}


@pytest.mark.parametrize("case", API_CASES.values(), ids=API_CASES.keys())
def test_over_long_text_sent_to_the_api_is_refused_naming_its_field(
    client, issued, tokens, letter, case
):
    who, method, path, body, error, details = case
    path = path.format(task=issued.task("ANBINH").id, **letter)
    before = stored_state()
    answer = client.open(path, method=method, json=body, headers=tokens[who])
    assert answer.status_code == 422
    assert answer.json == {"error": error, "details": details}
    assert stored_state() == before


def test_an_over_long_report_sent_to_the_api_is_refused_naming_its_field(client, issued, tokens):
    task = issued.task("ANBINH")
    before = stored_state()
    answer = post_multipart(
        client, f"/api/v1/tasks/{task.id}/reports", [("text", "N" * 5001)], headers=tokens["anbinh"]
    )
    assert answer.status_code == 422
    assert answer.json == {
        "error": INVALID,
        "details": [
            {"location": "form", "field": "text", "message": "Độ dài phải từ 1 đến 5000 ký tự."}
        ],
    }
    assert stored_state() == before


COMPLAINT_HEADER = "complaint_code,unit_code,received_at,channel,subject,official_name\n"
FIGURES_HEADER = (
    "unit_code,period,received,resolved_on_time,resolved_late,pending_on_time,"
    "pending_overdue,closed_late_in_software,complaints\n"
)
IMPORT_CASES = {
    "unit name": (
        "units",
        "code,name,kind,parent_code\nPHUMY," + "N" * 201 + ",commune,\n",
        "name",
        "N" * 201,
        "tên đơn vị phải có từ 1 đến 200 ký tự",
    ),
    "complaint subject": (
        "complaints",
        f"{COMPLAINT_HEADER}PA-1,ANBINH,02/01/2024 08:00,direct,{'N' * 501},\n",
        "subject",
        "N" * 501,
        "nội dung dài quá 500 ký tự",
    ),
    "official name": (
        "complaints",
        f"{COMPLAINT_HEADER}PA-1,ANBINH,02/01/2024 08:00,direct,Chậm,{'N' * 121}\n",
        "official_name",
        "N" * 121,
        "tên công chức dài quá 120 ký tự",
    ),
    "count past an integer": (
        "unit_stats",
        FIGURES_HEADER + "ANBINH,2024-02,99999999999,0,0,0,0,0,0\n",
        "received",
        "99999999999",
        "số quá lớn (tối đa 2.147.483.647)",
    ),
    "superscript digit": (
        "unit_stats",
        FIGURES_HEADER + "ANBINH,2024-02,²,0,0,0,0,0,0\n",
        "received",
        "²",
        "phải là số nguyên không âm",
    ),
    "five thousand digits": (
        "unit_stats",
        f"{FIGURES_HEADER}ANBINH,2024-02,{'9' * 5000},0,0,0,0,0,0\n",
        "received",
        "9" * 5000,
        "số quá lớn (tối đa 2.147.483.647)",
    ),
}


@pytest.mark.parametrize("case", IMPORT_CASES.values(), ids=IMPORT_CASES.keys())
def test_an_over_long_value_in_an_import_is_refused_naming_its_column(client, issued, tokens, case):
    kind, content, column, value, message = case
    before = stored_state()[:2]
    answer = post_multipart(
        client,
        "/api/v1/imports",
        [("kind", kind)],
        [("file", "du-lieu.csv", "text/csv", content.encode())],
        tokens["office"],
    )
    assert answer.status_code == 422
    assert answer.json == {
        "error": "Tệp “du-lieu.csv” có 1 lỗi; không dữ liệu nào được lưu.",
        "details": [
            # A problem quotes the first 200 characters of the value at fault.
            {
                "file": "du-lieu.csv",
                "row": 2,
                "column": column,
                "value": value[:200],
                "message": message,
            }
        ],
    }
    assert stored_state()[:2] == before
