"""Answers the whole API shares: ids in a body bounded like those in a path, and a 405 that
names the methods the address takes, in the project's JSON error format."""

from __future__ import annotations

import pytest

from tests.factories import small_city
from webapp.auth.operations import issue_api_token
from webapp.database import MAX_ID
from webapp.extensions import db


@pytest.fixture
def office(app) -> dict:
    """Bearer headers of the small city's office."""
    city = small_city()
    headers = {"Authorization": f"Bearer {issue_api_token(None, city.office)}"}
    db.session.commit()
    return headers


@pytest.fixture
def draft_url(client, office) -> str:
    """The address of a letter the office has just drafted."""
    drafted = client.post("/api/v1/directives", json={"period": "2024-01"}, headers=office)
    assert drafted.status_code == 201, drafted.json
    return f"/api/v1/directives/{drafted.json['id']}"


@pytest.mark.parametrize("signer_id", [999999999999999999999, MAX_ID + 1, 2**63, 0, -1])
def test_a_body_id_no_row_can_have_is_refused_naming_it(client, office, draft_url, signer_id):
    answer = client.patch(draft_url, json={"signer_id": signer_id}, headers=office)

    assert answer.status_code == 422, answer.get_data(as_text=True)
    assert set(answer.json) == {"error", "details"}
    assert [problem["field"] for problem in answer.json["details"]] == ["signer_id"]
    assert str(MAX_ID) in answer.json["details"][0]["message"]


def test_the_largest_id_is_looked_up_and_not_found(client, office, draft_url):
    answer = client.patch(draft_url, json={"signer_id": MAX_ID}, headers=office)

    assert answer.status_code == 422
    assert answer.json["details"][0]["message"] == (
        f"Không có người ký số {MAX_ID} của cơ quan ban hành."
    )


def operations(described: dict):
    """Yield (method, path, operation) for every operation described."""
    for path, item in described["paths"].items():
        for method, operation in item.items():
            if method != "parameters":  # the path's own parameters, not an operation
                yield method, path, operation


def described_fields(described: dict):
    """Yield (where, name, schema) for every property and parameter the description names."""
    for name, schema in described["components"]["schemas"].items():
        for field, spec in schema.get("properties", {}).items():
            yield f"{name}.{field}", field, spec
    for path, item in described["paths"].items():
        for parameter in item.get("parameters", []):
            yield f"{path} {parameter['name']}", parameter["name"], parameter["schema"]
    for method, path, operation in operations(described):
        for parameter in operation.get("parameters", []):
            yield f"{method} {path} {parameter['name']}", parameter["name"], parameter["schema"]


def test_every_id_of_the_description_shows_its_bounds(client):
    described = client.get("/api/openapi.json").json
    ids = set()
    for where, field, spec in described_fields(described):
        if not (field == "id" or field.endswith(("_id", "_ids"))):
            continue
        ids.add(where)
        bounded = spec.get("items", spec) if field.endswith("_ids") else spec
        if "string" in bounded.get("type", ()):  # the audit trail's keys: codes or numbers
            assert bounded.get("maxLength"), where
            continue
        assert "integer" in bounded["type"], where
        assert bounded.get("maximum") == MAX_ID and bounded.get("minimum") in (0, 1), where
    expected = {"DirectivePatch.signer_id", "Task.directive_id", "/api/v1/tasks/{task_id} task_id"}
    assert expected <= ids


def test_a_method_the_address_does_not_take_is_405_with_allow(client, office):
    answer = client.delete("/api/v1/units", headers=office)

    assert answer.status_code == 405
    assert answer.mimetype == "application/json"
    assert set(answer.json) == {"error", "details"} and answer.json["details"] == []
    assert answer.json["error"] == "Phương thức này không được hỗ trợ tại địa chỉ này."
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_a_page_answers_405_with_allow_too(client):
    answer = client.put("/public/results")

    assert answer.status_code == 405
    assert answer.mimetype == "text/html"
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_every_operation_documents_the_headers_of_its_401_and_503(client):
    described = client.get("/api/openapi.json").json
    for method, path, operation in operations(described):
        responses = operation["responses"]
        assert "Retry-After" in responses["503"]["headers"], (method, path)
        if "401" in responses:
            assert responses["401"]["headers"]["WWW-Authenticate"]["required"], (method, path)
