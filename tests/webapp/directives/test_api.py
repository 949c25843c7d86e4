"""The directives API: every route, its roles, and its 403, 404, 409 and 422 answers."""

from __future__ import annotations

import pytest

from tests.factories import JANUARY, LOCAL, small_city
from webapp.auth.operations import issue_api_token
from webapp.directives.models import Directive, DirectiveState
from webapp.extensions import db

BASE = "/api/v1/directives"
ACCOUNTS = ("office", "admin", "chairman", "deputy", "unsigned_leader", "anbinh", "tantien")


class Caller:
    """Bearer headers for each account of the small city."""

    def __init__(self, city) -> None:
        self.city = city
        self.headers = {}
        for name in ACCOUNTS:
            token = issue_api_token(None, getattr(city, name))
            self.headers[name] = {"Authorization": f"Bearer {token}"}


@pytest.fixture
def callers(app):
    caller = Caller(small_city())
    db.session.commit()
    return caller


@pytest.fixture
def call(client, callers):
    """Call the API as one of the city's accounts: call("office", "post", url, json=...)."""

    def send(who: str, method: str, url: str, **kwargs):
        return getattr(client, method)(url, headers=callers.headers[who], **kwargs)

    return send


@pytest.fixture
def drafted(call) -> dict:
    response = call("office", "post", BASE, json={"period": "2024-01"})
    assert response.status_code == 201, response.json
    return response.json


def json_error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert set(response.json) == {"error", "details"}
    assert response.json["error"]
    return response.json


def issue(directive_id: int) -> None:
    directive = db.session.get(Directive, directive_id)
    directive.state = DirectiveState.ISSUED
    db.session.commit()


def test_the_office_drafts_a_directive_with_its_assignments(drafted):
    assert drafted["state"] == "draft"
    assert drafted["state_label"] == "Dự thảo"
    assert drafted["kind"] == "directive"
    assert drafted["period"] == "2024-01"
    assert drafted["number"] is None and drafted["number_text"] == ""
    assert drafted["signer"]["authority"] == "KT. CHỦ TỊCH"
    assert drafted["lead_in"] == "Chủ tịch UBND thành phố chỉ đạo như sau:"
    leads = [set(item["lead_unit_codes"]) for item in drafted["assignments"]]
    assert leads == [*JANUARY.values(), set(LOCAL), {"VHTT"}, {"NV"}]
    first = drafted["assignments"][0]
    assert first["position"] == 1
    assert first["criterion"] == {"figure": "on_time_rate", "op": ">=", "value": 97.0}
    assert first["supporting_unit_codes"] == []
    assert len(first["deadline"]) == 10


@pytest.mark.parametrize("kind", ["notice", "reminder", "criticism"])
def test_other_kinds_are_drafted(call, kind):
    response = call("admin", "post", BASE, json={"period": "2024-01", "kind": kind})

    assert response.status_code == 201
    assert response.json["kind"] == kind


@pytest.mark.parametrize("who", ["chairman", "anbinh"])
def test_only_the_office_drafts(call, who):
    json_error(call(who, "post", BASE, json={"period": "2024-01"}), 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "period"),
        ({"period": "01/2024"}, "period"),
        ({"period": "2024-01", "kind": "apology"}, "kind"),
        ({"period": "2024-01", "extra": 1}, "extra"),
        ({"period": "2023-01"}, "period"),
    ],
)
def test_bad_draft_requests_are_422_with_details(call, body, field):
    body = json_error(call("office", "post", BASE, json=body), 422)

    assert field in {problem["field"] for problem in body["details"]}


def test_staff_read_any_letter_and_the_list(call, drafted):
    for who in ("office", "chairman", "admin"):
        response = call(who, "get", f"{BASE}/{drafted['id']}")
        assert response.status_code == 200
        assert response.json == drafted
    listed = call("chairman", "get", BASE, query_string={"state": "draft"})
    assert [item["id"] for item in listed.json] == [drafted["id"]]
    assert call("chairman", "get", BASE, query_string={"state": "signed"}).json == []
    json_error(call("office", "get", BASE, query_string={"state": "lost"}), 422)


def test_a_unit_sees_an_issued_letter_only_when_it_assigns_the_unit_work(call, callers, drafted):
    url = f"{BASE}/{drafted['id']}"
    json_error(call("anbinh", "get", url), 404)
    assert call("anbinh", "get", BASE).json == []

    criticism = call("office", "post", BASE, json={"period": "2024-01", "kind": "criticism"})
    issue(drafted["id"])
    issue(criticism.json["id"])

    assert call("anbinh", "get", url).status_code == 200
    assert call("tantien", "get", url).status_code == 200
    assert [item["id"] for item in call("anbinh", "get", BASE).json] == [drafted["id"]]
    json_error(call("anbinh", "get", f"{BASE}/{criticism.json['id']}"), 404)
    json_error(call("office", "get", f"{BASE}/999999"), 404)


def test_the_office_patches_a_draft(call, drafted):
    changes = {
        "subject": "chấn chỉnh việc giải quyết hồ sơ",
        "closing": ["Đề nghị các đơn vị thực hiện./."],
        "assignments": [
            {
                "heading": "Giao Phòng Nội vụ thành phố",
                "text": "Theo dõi việc khắc phục.",
                "deadline": "2024-02-20",
                "lead_unit_codes": ["NV"],
                "supporting_unit_codes": ["VHTT"],
                "sub_items": ["Tổng hợp", "Báo cáo"],
            }
        ],
    }

    response = call("office", "patch", f"{BASE}/{drafted['id']}", json=changes)

    assert response.status_code == 200, response.json
    assert response.json["subject"] == "chấn chỉnh việc giải quyết hồ sơ"
    assert response.json["closing"] == ["Đề nghị các đơn vị thực hiện./."]
    [item] = response.json["assignments"]
    assert item["deadline"] == "2024-02-20"
    assert (item["lead_unit_codes"], item["supporting_unit_codes"]) == (["NV"], ["VHTT"])
    assert item["sub_items"] == ["Tổng hợp", "Báo cáo"]
    assert response.json["addressees"] == drafted["addressees"]


def test_a_bad_patch_is_422_with_every_problem(call, drafted):
    url = f"{BASE}/{drafted['id']}"
    bad = {
        "subject": "",
        "assignments": [{"text": "Việc", "lead_unit_codes": ["KHONGCO"], "deadline": "x"}],
    }

    body = json_error(call("office", "patch", url, json=bad), 422)

    fields = {problem["field"] for problem in body["details"]}
    assert "assignments.0.deadline" in fields
    body = json_error(call("office", "patch", url, json={**bad, "assignments": []}), 422)
    assert {problem["field"] for problem in body["details"]} == {"subject"}
    body = json_error(
        call(
            "office",
            "patch",
            url,
            json={"assignments": [{"text": "Việc", "lead_unit_codes": ["KHONGCO"]}]},
        ),
        422,
    )
    assert body["details"] == [
        {"field": "assignments.0.lead_unit_codes", "message": "Không có đơn vị mã “KHONGCO”."},
        {"field": "assignments.0.lead_unit_codes", "message": "Cần ít nhất một đơn vị chủ trì."},
    ]
    json_error(call("office", "patch", url, json={"signer_id": "hai"}), 422)
    assert call("office", "get", url).json == drafted


def test_patch_roles_and_states(call, drafted):
    url = f"{BASE}/{drafted['id']}"
    json_error(call("chairman", "patch", url, json={"lead_in": "Khác"}), 403)
    json_error(call("anbinh", "patch", url, json={"lead_in": "Khác"}), 404)
    assert call("office", "post", f"{url}/submit").status_code == 200

    body = json_error(call("office", "patch", url, json={"lead_in": "Khác"}), 409)

    assert "Chờ ký" in body["error"]


def test_submit_approve_and_download(call, drafted):
    url = f"{BASE}/{drafted['id']}"
    json_error(call("chairman", "post", f"{url}/approve"), 409)
    json_error(call("chairman", "post", f"{url}/submit"), 403)

    submitted = call("office", "post", f"{url}/submit")
    assert submitted.status_code == 200
    assert submitted.json["state"] == "submitted"
    json_error(call("office", "post", f"{url}/submit"), 409)
    json_error(call("office", "post", f"{url}/approve"), 403)
    json_error(call("unsigned_leader", "post", f"{url}/approve"), 403)

    signed = call("chairman", "post", f"{url}/approve")

    assert signed.status_code == 200
    assert signed.json["state"] == "signed"
    assert signed.json["number_text"] == "01/UBND-VP"
    assert signed.json["signer"]["title"] == "CHỦ TỊCH"
    assert signed.json["letter_date"]
    assert signed.json["template_version"]
    json_error(call("chairman", "post", f"{url}/approve"), 409)

    pdf = call("office", "get", f"{url}/document.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == "attachment; filename=cong-van-01-UBND-VP.pdf"
    docx = call("chairman", "get", f"{url}/document.docx")
    assert docx.status_code == 200
    assert docx.mimetype.endswith("wordprocessingml.document")
    assert docx.data.startswith(b"PK")
    assert "cong-van-01-UBND-VP.docx" in docx.headers["Content-Disposition"]


def test_a_draft_downloads_under_a_draft_name_and_units_get_404(call, drafted):
    url = f"{BASE}/{drafted['id']}/document.docx"

    response = call("office", "get", url)

    assert response.status_code == 200
    assert f"du-thao-cong-van-{drafted['id']}.docx" in response.headers["Content-Disposition"]
    json_error(call("anbinh", "get", url), 404)
    json_error(call("anbinh", "get", f"{BASE}/{drafted['id']}/document.pdf"), 404)


def test_return_needs_a_leader_and_a_comment(call, drafted):
    url = f"{BASE}/{drafted['id']}"
    call("office", "post", f"{url}/submit")

    json_error(call("chairman", "post", f"{url}/return", json={}), 422)
    json_error(call("chairman", "post", f"{url}/return", json={"comment": "  "}), 422)
    json_error(call("office", "post", f"{url}/return", json={"comment": "Sửa"}), 403)
    returned = call("deputy", "post", f"{url}/return", json={"comment": "Bổ sung thời hạn."})

    assert returned.status_code == 200
    assert (returned.json["state"], returned.json["return_comment"]) == (
        "returned",
        "Bổ sung thời hạn.",
    )
    json_error(call("deputy", "post", f"{url}/return", json={"comment": "Lần nữa"}), 409)
    assert call("office", "patch", url, json={"lead_in": "Chủ tịch yêu cầu:"}).status_code == 200


def test_routes_need_a_token(client, callers, drafted):
    for method, url in (
        ("get", BASE),
        ("post", BASE),
        ("get", f"{BASE}/{drafted['id']}"),
        ("patch", f"{BASE}/{drafted['id']}"),
        ("post", f"{BASE}/{drafted['id']}/submit"),
        ("get", f"{BASE}/{drafted['id']}/document.pdf"),
    ):
        json_error(getattr(client, method)(url), 401)


def test_the_routes_are_documented(client):
    paths = client.get("/api/openapi.json").json["paths"]

    for path in (
        "/api/v1/directives",
        "/api/v1/directives/{directive_id}",
        "/api/v1/directives/{directive_id}/submit",
        "/api/v1/directives/{directive_id}/approve",
        "/api/v1/directives/{directive_id}/return",
        "/api/v1/directives/{directive_id}/document.pdf",
        "/api/v1/directives/{directive_id}/document.docx",
    ):
        assert path in paths
    assert set(paths["/api/v1/directives/{directive_id}"]) >= {"get", "patch"}
    assert "application/pdf" in str(paths["/api/v1/directives/{directive_id}/document.pdf"])
