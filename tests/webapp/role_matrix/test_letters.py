"""Role matrix: letters from drafting to withdrawal, reminder batches, the register, letter
templates, and checking a signature."""

from __future__ import annotations

import pytest

from tests.webapp.role_matrix.matrix import (
    CSS_TYPE,
    DOCX_TYPE,
    EDITORS,
    PDF_TYPE,
    STAFF,
    XLSX_TYPE,
    Route,
    cases,
    check_route,
    everyone,
    only,
    page,
    seen_by_target,
)
from tests.webapp.role_matrix.world import DOC_TEMPLATES_FOR_UPLOAD

LEADER = ("leader",)
ADMIN = ("admin",)
DRAFT_EDIT = {
    "subject": "Chấn chỉnh việc giải quyết hồ sơ (đã sửa)",
    "assignments-0-text": "Rà soát toàn bộ hồ sơ trễ hạn trong tháng.",
    "assignments-0-lead_unit_codes": "ANBINH",
    "save": "Lưu dự thảo",
}
# Staff-only pages and steps: a unit user learns nothing of them (404).
STAFF_PAGE = {**everyone(200), "unit_own": 404, "unit_other": 404}


def editors_page(answer) -> dict:
    return only(EDITORS, answer, units=404)


def leaders_page(answer) -> dict:
    return only(LEADER, answer, units=404)


ROUTES = [
    page("GET", "/directives", STAFF_PAGE, shows='data-testid="directive-table"'),
    page(
        "POST",
        "/directives/draft",
        editors_page(("redirect", "/directives/{new_directive}/edit")),
        changes=True,
        data={"period": "2024-01", "kind": "directive"},
    ),
    # A draft: the office edits and submits it; leaders read it; units never see it.
    page(
        "GET",
        "/directives/{draft}/edit",
        editors_page(200),
        shows='data-testid="directive-form"',
        object_key="draft",
    ),
    page(
        "POST",
        "/directives/{draft}/edit",
        editors_page(("redirect", "/directives/{draft}/edit")),
        changes=True,
        data=DRAFT_EDIT,
        object_key="draft",
    ),
    page("GET", "/directives/{draft}/preview", STAFF_PAGE, shows="Kính gửi", object_key="draft"),
    page(
        "POST",
        "/directives/{draft}/preview",
        editors_page(200),
        shows="đã sửa",
        data=DRAFT_EDIT,
        object_key="draft",
    ),
    page(
        "POST",
        "/directives/{draft}/submit",
        editors_page(("redirect", "/directives/{draft}")),
        changes=True,
        object_key="draft",
    ),
    # A submitted letter: a leader signs it or returns it.
    # Signing, issuing and withdrawing ask for confirmation first: the first POST changes nothing.
    page(
        "POST",
        "/directives/{submitted}/approve",
        leaders_page(200),
        shows="và ký số.",
        object_key="submitted",
        variant="unconfirmed",
    ),
    page(
        "POST",
        "/directives/{submitted}/approve",
        leaders_page(("redirect", "/directives/{submitted}")),
        changes=True,
        data={"confirmed": "1"},
        object_key="submitted",
    ),
    page(
        "POST",
        "/directives/{submitted}/return",
        leaders_page(("redirect", "/directives/{submitted}")),
        changes=True,
        data={"comment": "Bổ sung số liệu tháng trước."},
        object_key="submitted",
    ),
    # A signed letter: the office issues it.
    page(
        "POST",
        "/directives/{signed}/issue",
        editors_page(200),
        shows="Xác nhận ban hành",
        object_key="signed",
        variant="unconfirmed",
    ),
    page(
        "POST",
        "/directives/{signed}/issue",
        editors_page(("redirect", "/tracking?directive={signed}")),
        changes=True,
        data={"confirmed": "1"},
        object_key="signed",
    ),
    # The office issues several signed letters at once, after a confirmation listing each.
    page(
        "POST",
        "/directives/issue",
        editors_page(200),
        shows="Xác nhận ban hành 1 văn bản",
        data={"directive_ids": "{signed}"},
        variant="unconfirmed",
    ),
    page(
        "POST",
        "/directives/issue",
        editors_page(("redirect", "/directives")),
        changes=True,
        data={"directive_ids": "{signed}", "confirmed": "1"},
    ),
    # The issued January letter names both units: each reads it; a leader withdraws it or
    # orders its follow-up.
    page("GET", "/directives/{letter}", everyone(200), shows='data-testid="directive-number"'),
    page(
        "POST",
        "/directives/{letter}/withdraw",
        leaders_page(200),
        shows="sẽ bị thu hồi.",
        data={"reason": "Ban hành nhầm."},
        object_key="letter",
        variant="unconfirmed",
    ),
    page(
        "POST",
        "/directives/{letter}/withdraw",
        leaders_page(("redirect", "/directives/{letter}")),
        changes=True,
        data={"reason": "Ban hành nhầm.", "confirmed": "1"},
        object_key="letter",
    ),
    page(
        "POST",
        "/directives/{letter}/follow-up",
        leaders_page(("redirect", "/directives/{new_directive}")),
        changes=True,
        data={"period": "2024-02"},
        object_key="letter",
    ),
    # An Bình's reminder was issued to An Bình alone.
    page(
        "GET",
        "/directives/{reminder}",
        seen_by_target(200),
        shows='data-testid="directive-number"',
        object_key="reminder",
    ),
    page(
        "GET",
        "/directives/{reminder}/preview",
        seen_by_target(200),
        shows="Kính gửi",
        object_key="reminder",
    ),
    page(
        "GET",
        "/directives/{reminder}/pdf",
        seen_by_target(200),
        shows='data-testid="pdf-frame"',
        object_key="reminder",
    ),
    page(
        "GET",
        "/directives/{reminder}/document.docx",
        seen_by_target(200),
        serves=DOCX_TYPE,
        object_key="reminder",
    ),
    page(
        "GET",
        "/directives/{reminder}/document.pdf",
        seen_by_target(200),
        serves=PDF_TYPE,
        object_key="reminder",
    ),
    page(
        "GET",
        "/directives/{reminder}/signature",
        seen_by_target(200),
        shows='data-testid="signature-report"',
        object_key="reminder",
    ),
    page("GET", "/directives/letter-assets/directive/style.css", everyone(200), serves=CSS_TYPE),
    # Reminder batches.
    page(
        "POST",
        "/directives/reminders",
        editors_page(("redirect", "/directives/batches/{new_batch}")),
        changes=True,
        data={"reminder-period": "2024-02"},
    ),
    page(
        "GET",
        "/directives/batches/{batch}",
        STAFF_PAGE,
        shows='data-testid="batch-done"',
        object_key="batch",
    ),
    page(
        "GET",
        "/directives/batches/{batch}/progress",
        STAFF_PAGE,
        shows='"status": "done"',
        object_key="batch",
    ),
    # The outgoing register.
    page("GET", "/register", only(STAFF, 200), shows='data-testid="register-table"'),
    page("GET", "/register.xlsx", only(STAFF, 200), serves=XLSX_TYPE),
    # The grounds letters cite: the office and administrators keep them.
    page("GET", "/grounds", only(EDITORS, 200), shows='data-testid="ground-list"'),
    page(
        "POST",
        "/grounds",
        only(EDITORS, ("redirect", "/grounds")),
        data={
            "kind": "letter",
            "number_text": "15/VP-THNC",
            "issued_on": "2024-01-20",
            "issuer": "Văn phòng HĐND và UBND thành phố",
            "title": "",
        },
        changes=True,
    ),
    page(
        "POST",
        "/grounds/{ground}/toggle",
        only(EDITORS, ("redirect", "/grounds")),
        changes=True,
        object_key="ground",
    ),
    # Letter templates: the admin alone.
    page("GET", "/admin/templates", only(ADMIN, 200), shows='data-testid="template-form"'),
    page(
        "POST",
        "/admin/templates",
        only(ADMIN, ("redirect", "/admin/templates")),
        changes=True,
        data={"kind": "notice"},
        files=DOC_TEMPLATES_FOR_UPLOAD,
    ),
    page(
        "POST",
        "/admin/templates/notice/{builtin_notice}/activate",
        only(ADMIN, ("redirect", "/admin/templates")),
        changes=True,
    ),
    # Anyone may check a letter's signature.
    page("GET", "/verify", everyone(200), anonymous=200, shows='data-testid="verify-form"'),
    page(
        "POST",
        "/verify",
        everyone(200),
        anonymous=200,
        shows='data-testid="signature-report"',
        files=(("file", "cong-van.pdf", "signed_pdf"),),
    ),
]


@pytest.mark.parametrize(("route", "actor"), cases(ROUTES))
def test_role_matrix(client, auth, world, route: Route, actor: str):
    check_route(client, auth, world, route, actor)
