"""SQL metacharacters, numbers past what a column holds and digits int() refuses, in every query
parameter, filter and form choice: answered normally (a value is taken literally, an unknown one
ignored or refused by name), never a 500."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.security.forging import csrf_of, field_errors, page_text, post_form
from webapp.extensions import db
from webapp.notifications.models import Notification

HOSTILE = [
    "' OR 1=1 --",
    '" OR ""="',
    "1; DROP TABLE units; --",
    "%",
    "_",
    "\\",
    "%' OR '%'='",
    ";",
    "99999999999",
    "99999999999999999999999",
    "²",
    "-1",
    "9" * 5000,
]
IDS = [
    "quote",
    "double quote",
    "stacked",
    "percent",
    "underscore",
    "backslash",
    "like",
    "semicolon",
    "past int",
    "past bigint",
    "superscript",
    "negative",
    "5000 digits",
]
PAGE_PARAMETERS = {
    "/stats": ("period", "kind", "failing", "sort", "dir"),
    "/stats/units/ANBINH": ("period",),
    "/tracking": ("period", "state", "unit", "directive"),
    "/tracking.xlsx": ("period", "state", "unit", "directive"),
    "/tasks": ("state", "open"),
    "/register": ("year", "body"),
    "/register.xlsx": ("year", "body"),
    "/directives": ("state",),
    "/audit": ("entity", "entity_id", "action", "page"),
}


def with_every_parameter(path: str, names, value: str) -> str:
    return path + "?" + "&".join(f"{name}={quote(value)}" for name in names)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_every_page_parameter_is_taken_literally(client, issued, login, value):
    login("vanphong")
    for path, names in PAGE_PARAMETERS.items():
        answer = client.get(with_every_parameter(path, names, value))
        assert answer.status_code == 200, path


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_audit_filters_match_only_literally(client, issued, login, value):
    """The audit page's filters are choices: a value that is none of them is no filter at all, so
    the page lists what it lists unfiltered, never more; an object's id is matched as text, and
    no object has such an id."""
    login("vanphong")
    everything = client.get("/audit").text
    total = audit_total(everything)
    assert total != "0 sự kiện."
    for name in ("entity", "action", "actor", "unit"):
        page = client.get(with_every_parameter("/audit", [name], value))
        assert page.status_code == 200, name
        assert audit_total(page.text) == total, name
    by_id = client.get(with_every_parameter("/audit", ["entity_id"], value))
    assert audit_total(by_id.text) == "0 sự kiện."


def audit_total(page: str) -> str:
    """The page's count of events ("12 sự kiện."), as shown above the table."""
    match = re.search(r'data-testid="audit-total">([^<]*)<', page)
    assert match, "the audit page shows no total"
    return " ".join(match.group(1).split()).split(",")[0].rstrip(".") + "."


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_url_parts_and_the_public_page_are_not_found(client, issued, login, value):
    assert client.get(with_every_parameter("/public/results", ["period"], value)).status_code == 404
    login("vanphong")
    for path in ("/units/{}", "/stats/units/{}"):
        assert client.get(path.format(quote(value, safe=""))).status_code == 404, path


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_api_parameters_are_refused_by_name_or_taken_literally(client, tokens, value):
    office = tokens["office"]
    for path in ("/api/v1/stats", "/api/v1/findings", "/api/v1/public/results"):
        answer = client.get(with_every_parameter(path, ["period"], value), headers=office)
        assert answer.status_code == 422, path
        assert [problem["field"] for problem in answer.json["details"]] == ["period"]
    listed = client.get(
        with_every_parameter("/api/v1/directives", ["state"], value), headers=office
    )
    assert listed.status_code == 422
    assert [problem["field"] for problem in listed.json["details"]] == ["state"]
    # Each within its length: an over-long one is refused by name (tests/webapp/api/test_basics.py).
    trail = client.get(
        f"/api/v1/audit?entity={quote(value[:40])}&id={quote(value[:64])}", headers=office
    )
    assert (trail.status_code, trail.json) == (200, [])
    unit = client.get(f"/api/v1/units/{quote(value, safe='')}", headers=office)
    assert unit.status_code == 404


def test_a_login_name_of_sql_is_just_a_wrong_name(client, auth, issued):
    for name in ("' OR 1=1 --", "vanphong' --", "vanphong\\", "%"):
        token = auth.csrf_token()
        answer = client.post(
            "/login", data={"username": name, "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 401, name
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in page_text(answer)


def test_a_choice_never_offered_is_refused_in_vietnamese(client, issued, login):
    login("quantri")
    user = {
        "username": "moi",
        "display_name": "Người mới",
        "role": "' OR 1=1 --",
        "unit_code": "%",
        "password": PASSWORD,
    }
    answer = post_form(client, "/admin/users/new", "/admin/users/new", user)
    assert answer.status_code == 422
    html = page_text(answer)
    assert field_errors(html, "role") == ["Lựa chọn không hợp lệ."]
    assert field_errors(html, "unit_code") == ["Lựa chọn không hợp lệ."]
    login("vanphong")
    answer = post_form(client, "/imports", "/imports", {"kind": "units; DROP TABLE units"})
    assert answer.status_code == 422
    assert field_errors(page_text(answer), "kind") == ["Lựa chọn không hợp lệ."]


def test_numbers_and_dates_that_do_not_read_are_refused_in_vietnamese(client, issued, login):
    task = issued.task("ANBINH")
    login("anbinh")
    page = f"/tasks/{task.id}"
    report = post_form(client, page, f"{page}/reports", {"text": "Đã làm.", "percent": "1 OR 1=1"})
    assert report.status_code == 422
    assert field_errors(page_text(report), "percent") == ["Phải là số nguyên.", "Từ 0 đến 100."]
    extension = {"deadline": "2024-01-01' OR '1'='1", "reason": "Cần thêm thời gian."}
    asked = post_form(client, page, f"{page}/extensions", extension)
    assert asked.status_code == 422
    assert field_errors(page_text(asked), "deadline") == [
        "Ngày không hợp lệ (chọn ngày trên lịch)."
    ]


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_a_notification_id_of_sql_marks_nothing_read(client, issued, login, value):
    login("anbinh")
    unread = select(func.count(Notification.id)).where(Notification.read_at.is_(None))
    before = db.session.scalar(unread)
    token = csrf_of(client.get("/notifications"))
    answer = client.post("/notifications/read", data={"csrf_token": token, "id": value})
    assert (answer.status_code, answer.location) == (302, "/notifications")
    db.session.expire_all()
    assert db.session.scalar(unread) == before > 0


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_a_removed_assignment_of_sql_removes_nothing(client, issued, tokens, login, value):
    from tests.webapp.directives.test_pages import editor_data
    from webapp.directives.models import Directive

    office = tokens["office"]
    drafted = client.post("/api/v1/directives", json={"period": "2024-01"}, headers=office)
    letter = db.session.get(Directive, drafted.json["id"])
    count = len(letter.assignments)
    login("vanphong")
    data = {**editor_data(letter), "remove_assignment": value}
    page = f"/directives/{letter.id}/edit"
    answer = post_form(client, page, page, data)
    # No such button: the form was saved as it stands, every assignment kept.
    assert (answer.status_code, answer.location) == (302, page)
    db.session.expire_all()
    assert len(db.session.get(Directive, letter.id).assignments) == count
