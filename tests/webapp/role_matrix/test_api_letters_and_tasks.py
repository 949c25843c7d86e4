"""Role matrix of the API's letters and tasks: the same rules as the pages, with a bearer token."""

from __future__ import annotations

import pytest

from tests.factories import PDF
from tests.webapp.role_matrix.matrix import (
    DOCX_TYPE,
    EDITORS,
    PDF_TYPE,
    Route,
    api,
    cases,
    check_route,
    everyone,
    only,
    seen_by_target,
)

LEADER = ("leader",)


def for_staff(allowed: tuple, answer) -> dict:
    """A step on a letter units never see: the allowed staff take it, units find nothing."""
    return only(allowed, answer, units=404)


def on_target(allowed: tuple, answer) -> dict:
    """A step on An Bình's object: the allowed roles take it, the other unit finds nothing."""
    return {**only(allowed, answer), "unit_other": 404}


ROUTES = [
    # Letters.
    api("/api/v1/directives", everyone(200), shows='"number_text"'),
    api(
        "/api/v1/directives",
        only(EDITORS, 201),
        method="POST",
        json={"period": "2024-01"},
        changes=True,
        shows='"assignments"',
        refusal="Chỉ Văn phòng được soạn văn bản.",
    ),
    api("/api/v1/directives/{draft}", for_staff((*EDITORS, *LEADER), 200), object_key="draft"),
    api(
        "/api/v1/directives/{draft}",
        for_staff(EDITORS, 200),
        method="PATCH",
        json={"subject": "Chấn chỉnh việc giải quyết hồ sơ (đã sửa)"},
        changes=True,
        shows="đã sửa",
        refusal="Chỉ Văn phòng được sửa dự thảo.",
        object_key="draft",
    ),
    api(
        "/api/v1/directives/{draft}/submit",
        for_staff(EDITORS, 200),
        method="POST",
        changes=True,
        shows='"state": "submitted"',
        refusal="Chỉ Văn phòng được trình ký văn bản.",
        object_key="draft",
    ),
    api(
        "/api/v1/directives/{submitted}/approve",
        for_staff(LEADER, 200),
        method="POST",
        changes=True,
        shows='"state": "signed"',
        refusal="Chỉ lãnh đạo được ký duyệt văn bản.",
        object_key="submitted",
    ),
    api(
        "/api/v1/directives/{submitted}/return",
        for_staff(LEADER, 200),
        method="POST",
        json={"comment": "Bổ sung số liệu tháng trước."},
        changes=True,
        shows='"state": "returned"',
        refusal="Chỉ lãnh đạo được trả lại văn bản.",
        object_key="submitted",
    ),
    api(
        "/api/v1/directives/{signed}/issue",
        for_staff(EDITORS, 201),
        method="POST",
        changes=True,
        shows='"unit_code"',
        refusal="Chỉ Văn phòng được ban hành văn bản đã ký.",
        object_key="signed",
    ),
    api(
        "/api/v1/directives/{reminder}",
        seen_by_target(200),
        shows='"number_text"',
        object_key="reminder",
    ),
    api(
        "/api/v1/directives/{reminder}/document.docx",
        seen_by_target(200),
        serves=DOCX_TYPE,
        object_key="reminder",
    ),
    api(
        "/api/v1/directives/{reminder}/document.pdf",
        seen_by_target(200),
        serves=PDF_TYPE,
        object_key="reminder",
    ),
    api(
        "/api/v1/directives/{reminder}/signature",
        seen_by_target(200),
        shows='"status": "valid"',
        object_key="reminder",
    ),
    # Tasks and reports.
    api("/api/v1/tasks", everyone(200), shows='"unit_code"'),
    api("/api/v1/tasks/{task}", seen_by_target(200), shows='"unit_code"', object_key="task"),
    api(
        "/api/v1/tasks/{task}/reports",
        on_target(("unit_own",), 201),
        method="POST",
        data={"text": "Đã khắc phục, gửi kèm biên bản.", "percent": "100"},
        files=(("files", "bien-ban.pdf", PDF),),
        changes=True,
        shows='"evidence"',
        refusal="Chỉ đơn vị được giao mới báo cáo kết quả nhiệm vụ.",
        object_key="task",
    ),
    api(
        "/api/v1/tasks/{task}/confirm",
        on_target(LEADER, 200),
        method="POST",
        json={"comment": "Số liệu tháng 02 đạt."},
        changes=True,
        shows='"state": "confirmed"',
        refusal="Chỉ lãnh đạo được xác nhận đơn vị đã khắc phục.",
        object_key="task",
    ),
    api(
        "/api/v1/reports/{report}/accept",
        on_target(LEADER, 200),
        method="POST",
        json={},
        changes=True,
        shows='"decision": "accepted"',
        refusal="Chỉ lãnh đạo được xác nhận kết quả báo cáo.",
        object_key="report",
    ),
    api(
        "/api/v1/reports/{report}/return",
        on_target(LEADER, 200),
        method="POST",
        json={"comment": "Chưa kèm danh sách hồ sơ."},
        changes=True,
        shows='"decision": "returned"',
        refusal="Chỉ lãnh đạo được trả lại báo cáo.",
        object_key="report",
    ),
]


@pytest.mark.parametrize(("route", "actor"), cases(ROUTES))
def test_role_matrix(client, auth, world, route: Route, actor: str):
    check_route(client, auth, world, route, actor)
