"""Markup and script typed into every field a page shows (unit names, display names, letter
subjects, report texts, comments, reasons, file names, import problems) is shown escaped, every
page keeps its strict Content-Security-Policy, and ?next= never leads to another site."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.security.forging import PDF, csrf_of, page_text, post_multipart
from tests.webapp.test_security_headers import assert_security_headers
from webapp.extensions import db
from webapp.imports.models import ImportRun

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
JS_LINK = "javascript:alert(1)"
SVG = "<svg/onload=alert(1)>"
UNIT_NAME = f"UBND phường {ATTRIBUTE}{SCRIPT}"
DISPLAY_NAME = f"{SCRIPT}{ATTRIBUTE}"
SUBJECT = f"{SCRIPT} {ATTRIBUTE}"
REPORT = f"{SCRIPT} {JS_LINK} {ATTRIBUTE}"
OFFICE_COMMENT = f"Văn phòng {ATTRIBUTE} {SVG}"
LEADER_COMMENT = f"Lãnh đạo {SCRIPT} {JS_LINK}"
REASON = f"{JS_LINK} {SVG}"
FILE_NAME = f"{ATTRIBUTE}.pdf"
IMPORT_NAME = f"{ATTRIBUTE}.csv"
RAW = (SCRIPT, "<img src=x", "<svg/onload", 'href="javascript:', "href='javascript:")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)", re.IGNORECASE)


def submit_form(client, page: str, action: str, data: dict, files=()):
    token = csrf_of(client.get(page))
    fields = [("csrf_token", token), *data.items()]
    answer = post_multipart(client, action, fields, files)
    assert answer.status_code == 302, page_text(answer)[:2000]
    return answer


@pytest.fixture
def world(client, issued, tokens, login):
    """Every field a page shows filled with markup, each through its own page or the API."""
    task, other = issued.task("ANBINH"), issued.task("ANBINH", 3)
    login("quantri")
    submit_form(
        client,
        "/admin/units/ANBINH/edit",
        "/admin/units/ANBINH/edit",
        {"name": UNIT_NAME, "kind": "ward", "parent_code": ""},
    )
    submit_form(
        client,
        "/admin/users/new",
        "/admin/users/new",
        {
            "username": "doc-hai",
            "display_name": DISPLAY_NAME,
            "role": "unit",
            "unit_code": "ANBINH",
            "password": PASSWORD,
        },
    )
    login("vanphong")
    bad_units = "code,name,kind,parent_code\n" + f"{SCRIPT},Tên,ward,\n"
    submit_form(
        client,
        "/imports",
        "/imports",
        {"kind": "units"},
        [("file", IMPORT_NAME, "text/csv", bad_units.encode())],
    )
    submit_form(
        client, "/stats?period=2024-01", "/stats/publish", {"period": "2024-01", "confirmed": "1"}
    )
    drafted = client.post(
        "/api/v1/directives", json={"period": "2024-01"}, headers=tokens["office"]
    )
    letter = drafted.json["id"]
    patched = client.patch(
        f"/api/v1/directives/{letter}", json={"subject": SUBJECT}, headers=tokens["office"]
    )
    assert patched.status_code == 200
    for step, who in (("submit", "office"), ("approve", "leader"), ("issue", "office")):
        answer = client.post(f"/api/v1/directives/{letter}/{step}", headers=tokens[who])
        assert answer.status_code in (200, 201), step
    login("doc-hai")
    submit_form(
        client,
        f"/tasks/{task.id}",
        f"/tasks/{task.id}/reports",
        {"text": REPORT, "percent": "60"},
        [("files", FILE_NAME, "application/pdf", PDF)],
    )
    submit_form(
        client,
        f"/tasks/{other.id}",
        f"/tasks/{other.id}/extensions",
        {"deadline": "2099-12-31", "reason": REASON},
    )
    login("vanphong")
    page = f"/tasks/{task.id}"
    reports = re.findall(r'action="/reports/(\d+)/comment"', page_text(client.get(page)))
    submit_form(client, page, f"/reports/{reports[0]}/comment", {"review-comment": OFFICE_COMMENT})
    login("chutich")
    submit_form(
        client,
        page,
        f"/reports/{reports[0]}/decide",
        {"decision-comment": LEADER_COMMENT, "decision-refuse": "Chưa đạt", "confirmed": "1"},
    )
    run = db.session.scalar(select(func.max(ImportRun.id)))
    return {"task": task.id, "other": other.id, "letter": letter, "run": run}


def pages_for(world) -> dict[str, list[str]]:
    task, letter, run = world["task"], world["letter"], world["run"]
    return {
        "vanphong": [
            "/",
            "/units",
            "/units/ANBINH",
            "/stats?period=2024-01",
            "/stats/units/ANBINH",
            "/directives",
            f"/directives/{letter}",
            "/register",
            "/tracking",
            f"/tasks/{task}",
            f"/tasks/{world['other']}",
            "/notifications",
            "/audit",
            "/imports",
            f"/imports/{run}",
        ],
        "quantri": ["/admin/users", "/audit?entity=unit"],
        "chutich": ["/inbox", "/notifications", f"/tasks/{task}"],
        "doc-hai": ["/", "/tasks", f"/tasks/{task}", "/notifications", "/units/ANBINH"],
        "": ["/public/results?period=2024-01", "/login"],
    }


def test_every_field_is_shown_escaped_under_a_strict_policy(client, auth, login, world):
    shown = []
    for user, paths in pages_for(world).items():
        if user:
            login(user)
        else:
            auth.logout()
        for path in paths:
            answer = client.get(path)
            # The page of a rejected import answers 422, with its problems.
            assert answer.status_code == (422 if path.startswith("/imports/") else 200), path
            assert_security_headers(answer)
            html = page_text(answer)
            for raw in RAW:
                assert raw not in html, (path, raw)
            assert not INLINE_SCRIPT.search(html), path
            shown.append(html)
    every_page = "\n".join(shown)
    for typed in (
        UNIT_NAME,
        DISPLAY_NAME,
        SUBJECT,
        REPORT,
        OFFICE_COMMENT,
        LEADER_COMMENT,
        REASON,
        FILE_NAME,
        IMPORT_NAME,
        SCRIPT,
    ):
        assert str(escape(typed)) in every_page, typed


@pytest.mark.parametrize(
    "target",
    [
        JS_LINK,
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "\\\\evil.example/",
        "/\n/evil.example/",
        "http:/evil.example/",
    ],
)
def test_next_after_login_never_leaves_the_site(client, auth, issued, target):
    token = auth.csrf_token()
    answer = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "vanphong", "password": PASSWORD, "csrf_token": token},
    )
    assert (answer.status_code, answer.location) == (302, "/")


def test_next_within_the_site_is_followed(client, auth, issued):
    token = auth.csrf_token()
    answer = client.post(
        "/login",
        query_string={"next": "/tasks?state=reported"},
        data={"username": "vanphong", "password": PASSWORD, "csrf_token": token},
    )
    assert (answer.status_code, answer.location) == (302, "/tasks?state=reported")
