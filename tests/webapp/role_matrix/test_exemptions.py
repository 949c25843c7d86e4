"""Role matrix: requests for exemption. A unit asks about its own late dossiers; the office or a
leader decides; the other unit learns nothing of them."""

from __future__ import annotations

import pytest

from tests.factories import PDF
from tests.webapp.role_matrix.matrix import (
    PDF_TYPE,
    Route,
    api,
    cases,
    check_route,
    everyone,
    page,
    seen_by_target,
)

ASKED = {"dossier_code": "HS-AB-3", "reason": "software_error", "text": "Lỗi phần mềm ngày 16/02."}
REQUEST_REFUSED = "Chỉ đơn vị có hồ sơ mới đề nghị miễn trừ."
DECISION_REFUSED = "Chỉ Văn phòng hoặc lãnh đạo được quyết định miễn trừ."
DECIDERS = ("office", "leader")


def only_target_unit(answer) -> dict:
    return {"office": 403, "leader": 403, "admin": 403, "unit_own": answer, "unit_other": 404}


def deciders(answer) -> dict:
    return {**dict.fromkeys(DECIDERS, answer), "admin": 403, "unit_own": 403, "unit_other": 404}


ROUTES = [
    page("GET", "/exemptions", everyone(200), shows='data-testid="exemption-list"'),
    page(
        "GET",
        "/exemptions/new?dossier=HS-AB-3",
        only_target_unit(200),
        shows='data-testid="exemption-form"',
    ),
    page(
        "POST",
        "/exemptions",
        only_target_unit(("redirect", "/exemptions/{new_exemption}")),
        data=ASKED,
        files=(("files", "bien-ban.pdf", PDF),),
        changes=True,
        refusal=REQUEST_REFUSED,
    ),
    page(
        "GET",
        "/exemptions/{exemption}",
        seen_by_target(200),
        shows='data-testid="exemption-summary"',
        object_key="exemption",
    ),
    page(
        "POST",
        "/exemptions/{exemption}/decide",
        deciders(("redirect", "/exemptions/{exemption}")),
        data={"comment": "Đã kiểm tra.", "accept": "Chấp nhận miễn trừ"},
        changes=True,
        refusal=DECISION_REFUSED,
        object_key="exemption",
    ),
    page(
        "POST",
        "/exemptions/{exemption}/decide",
        deciders(200),
        shows="sẽ không được chấp nhận.",
        data={"comment": "Không có căn cứ.", "reject": "Không chấp nhận"},
        refusal=DECISION_REFUSED,
        object_key="exemption",
        variant="unconfirmed rejection",
    ),
    page(
        "POST",
        "/exemptions/{exemption}/withdraw",
        only_target_unit(("redirect", "/exemptions/{exemption}")),
        changes=True,
        refusal="Chỉ đơn vị đề nghị mới rút được đề nghị miễn trừ.",
        object_key="exemption",
    ),
    page(
        "GET",
        "/exemptions/{exemption}/evidence/{exemption_evidence}",
        seen_by_target(200),
        serves=PDF_TYPE,
        object_key="exemption",
    ),
    page(
        "GET",
        "/exemptions/{exemption}/evidence/{exemption_evidence}?inline=1",
        seen_by_target(200),
        serves=PDF_TYPE,
        object_key="exemption",
    ),
    api("/api/v1/exemptions", everyone(200)),
    api(
        "/api/v1/exemptions",
        only_target_unit(201),
        method="POST",
        json=ASKED,
        shows='"state": "pending"',
        changes=True,
        refusal=REQUEST_REFUSED,
        missing="Không tìm thấy hồ sơ HS-AB-3 của đơn vị.",
    ),
    api(
        "/api/v1/exemptions/{exemption}",
        seen_by_target(200),
        shows='"dossier_code": "HS-AB-2"',
        object_key="exemption",
    ),
    api(
        "/api/v1/exemptions/{exemption}/accept",
        deciders(200),
        method="POST",
        json={"comment": "Đồng ý."},
        shows='"state": "accepted"',
        changes=True,
        refusal=DECISION_REFUSED,
        object_key="exemption",
    ),
    api(
        "/api/v1/exemptions/{exemption}/reject",
        deciders(200),
        method="POST",
        json={"comment": "Không đủ căn cứ."},
        shows='"state": "rejected"',
        changes=True,
        refusal=DECISION_REFUSED,
        object_key="exemption",
    ),
]


@pytest.mark.parametrize(("route", "actor"), cases(ROUTES))
def test_role_matrix(client, auth, world, route: Route, actor: str):
    check_route(client, auth, world, route, actor)
