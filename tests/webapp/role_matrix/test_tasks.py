"""Role matrix: the units' tasks, their reports and evidence, extensions, the office's tracking
board, the leader's inbox and everyone's notifications."""

from __future__ import annotations

import pytest

from tests.factories import PDF
from tests.webapp.role_matrix.matrix import (
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
from tests.webapp.role_matrix.world import OTHER_UNIT

LEADER = ("leader",)
STAFF_PAGE = {**everyone(200), "unit_own": 404, "unit_other": 404}


def own_unit_step(location: str) -> dict:
    """A step only the task's own unit takes: staff are refused, the other unit finds nothing."""
    return {**only(("unit_own",), ("redirect", location)), "unit_other": 404}


def decided_by(allowed: tuple, location: str) -> dict:
    """A decision on An Bình's object: the allowed roles take it, the other unit finds nothing."""
    return {**only(allowed, ("redirect", location)), "unit_other": 404}


ROUTES = [
    page("GET", "/tasks", everyone(200), shows='data-testid="task-table"'),
    page(
        "GET",
        "/tasks/{task}",
        seen_by_target(200),
        shows='data-testid="task-summary"',
        object_key="task",
    ),
    page(
        "GET",
        "/tasks/{other_task}",
        {**only((*STAFF, "unit_other"), 200), "unit_own": 404},
        shows='data-testid="task-summary"',
        about=OTHER_UNIT,
        object_key="other_task",
    ),
    page(
        "POST",
        "/tasks/{task}/start",
        own_unit_step("/tasks/{task}"),
        changes=True,
        refusal="Chỉ đơn vị được giao mới bắt đầu triển khai nhiệm vụ.",
        object_key="task",
    ),
    page(
        "POST",
        "/tasks/{task}/reports",
        own_unit_step("/tasks/{task}"),
        changes=True,
        data={"text": "Đã khắc phục, gửi kèm biên bản.", "percent": "100"},
        files=(("files", "bien-ban.pdf", PDF),),
        refusal="Chỉ đơn vị được giao mới báo cáo kết quả nhiệm vụ.",
        object_key="task",
    ),
    page(
        "POST",
        "/tasks/{task}/extensions",
        own_unit_step("/tasks/{task}"),
        changes=True,
        data={"deadline": "2099-12-31", "reason": "Chờ số liệu của Sở."},
        refusal="Chỉ đơn vị được giao mới xin gia hạn nhiệm vụ.",
        object_key="task",
    ),
    page(
        "POST",
        "/extensions/{extension}/decide",
        decided_by(LEADER, "/tasks/{extension_task}"),
        changes=True,
        data={"extension-comment": "", "extension-accept": "Đồng ý gia hạn"},
        refusal="Chỉ lãnh đạo được quyết định gia hạn.",
        object_key="extension",
    ),
    page(
        "POST",
        "/tasks/{task}/confirm",
        decided_by(LEADER, "/tasks/{task}"),
        changes=True,
        data={"confirm-comment": "Số liệu tháng 02 đạt."},
        refusal="Chỉ lãnh đạo được xác nhận đơn vị đã khắc phục.",
        object_key="task",
    ),
    page(
        "POST",
        "/reports/{report}/decide",
        decided_by(LEADER, "/tasks/{reported_task}"),
        changes=True,
        data={"decision-comment": "", "decision-accept": "Đạt"},
        refusal="Chỉ lãnh đạo được xác nhận kết quả báo cáo.",
        object_key="report",
    ),
    page(
        "POST",
        "/reports/{report}/decide",
        {**only(LEADER, 200), "unit_other": 404},
        shows="sẽ bị trả lại (chưa đạt).",
        data={"decision-comment": "Thiếu biên bản.", "decision-refuse": "Chưa đạt"},
        refusal="Chỉ lãnh đạo được trả lại báo cáo.",
        object_key="report",
        variant="unconfirmed refusal",
    ),
    page(
        "POST",
        "/reports/{report}/comment",
        decided_by(EDITORS, "/tasks/{reported_task}"),
        changes=True,
        data={"review-comment": "Đã rà soát, đề nghị lãnh đạo xác nhận."},
        refusal="Chỉ Văn phòng được ghi ý kiến rà soát báo cáo.",
        object_key="report",
    ),
    page(
        "GET",
        "/evidence/{evidence}",
        seen_by_target(200),
        serves=PDF_TYPE,
        object_key="evidence",
    ),
    # A unit's tasks of one letter, and one report for the ticked ones: units only.
    page(
        "GET",
        "/directives/{letter}/unit-report",
        only(("unit_own", "unit_other"), 200),
        shows='data-testid="unit-report"',
        object_key="letter",
    ),
    page(
        "POST",
        "/directives/{letter}/unit-report",
        {
            **only(("unit_own",), ("redirect", "/directives/{letter}/unit-report")),
            "unit_other": 422,
        },
        changes=("unit_own",),
        data={"text": "Đã khắc phục, gửi kèm biên bản.", "percent": "100", "task": "{task}"},
        files=(("files", "bien-ban.pdf", PDF),),
        object_key="letter",
    ),
    # Opened in the browser ("Xem"): the same people, the same PDF.
    page(
        "GET",
        "/evidence/{evidence}?inline=1",
        seen_by_target(200),
        serves=PDF_TYPE,
        object_key="evidence",
    ),
    # The office's board and the leader's inbox: staff pages, unknown to units.
    page("GET", "/tracking", STAFF_PAGE, shows='data-testid="board"'),
    page("GET", "/tracking.xlsx", STAFF_PAGE, serves=XLSX_TYPE),
    page(
        "GET",
        "/inbox",
        {**only(LEADER, 200), "unit_own": 404, "unit_other": 404},
        shows='data-testid="inbox-count"',
    ),
    # The leader's confirmation of a month's met proposals at once.
    page(
        "GET",
        "/inbox/confirm",
        {**only(LEADER, 200), "unit_own": 404, "unit_other": 404},
        shows="Xác nhận khắc phục theo số liệu",
    ),
    page(
        "POST",
        "/inbox/confirm",
        {**only(LEADER, 422), "unit_own": 404, "unit_other": 404},
        data={"period": "2024-02", "task": "{task}"},
    ),
    # Notifications: everyone reads and clears their own, and only their own.
    page("GET", "/notifications", everyone(200), shows='data-testid="notifications"'),
    page("POST", "/notifications/read", everyone(("redirect", "/notifications")), changes=True),
    page(
        "POST",
        "/notifications/read",
        everyone(("redirect", "/notifications")),
        changes=("unit_own",),
        data={"id": "{note}"},
        variant="id={note}",
    ),
]


@pytest.mark.parametrize(("route", "actor"), cases(ROUTES))
def test_role_matrix(client, auth, world, route: Route, actor: str):
    check_route(client, auth, world, route, actor)
