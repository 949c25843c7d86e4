"""The OpenAPI description: every route of the outside contract and every API route of the app,
each with its input and answers described, errors included, and no catch-all answer."""

from __future__ import annotations

import re

import pytest

# The HTTP API of the outside contract (method, path under /api/v1).
CONTRACT = [
    ("get", "/units"),
    ("post", "/imports"),
    ("get", "/stats"),
    ("get", "/findings"),
    ("post", "/directives"),
    ("get", "/directives/{directive_id}"),
    ("patch", "/directives/{directive_id}"),
    ("post", "/directives/{directive_id}/submit"),
    ("post", "/directives/{directive_id}/approve"),
    ("post", "/directives/{directive_id}/return"),
    ("post", "/directives/{directive_id}/issue"),
    ("get", "/directives/{directive_id}/signature"),
    ("get", "/directives/{directive_id}/document.docx"),
    ("get", "/directives/{directive_id}/document.pdf"),
    ("get", "/tasks"),
    ("post", "/tasks/{task_id}/reports"),
    ("post", "/reports/{report_id}/accept"),
    ("post", "/reports/{report_id}/return"),
    ("post", "/tasks/{task_id}/confirm"),
    ("get", "/audit"),
    ("get", "/public/results"),
]
METHODS = {"get", "post", "put", "patch", "delete"}
TAKES_A_BODY = {
    ("post", "/imports"): "multipart/form-data",
    ("post", "/directives"): "application/json",
    ("patch", "/directives/{directive_id}"): "application/json",
    ("post", "/directives/{directive_id}/return"): "application/json",
    ("post", "/tasks/{task_id}/reports"): "multipart/form-data",
}


@pytest.fixture(scope="module")
def description(_session_app):
    return _session_app.test_client().get("/api/openapi.json").json


def operation(description, method: str, path: str) -> dict:
    return description["paths"]["/api/v1" + path][method]


def operations(description):
    """Yield (method, path, operation) for every operation described."""
    for path, item in description["paths"].items():
        for method, described in item.items():
            if method in METHODS:
                yield method, path, described


def resolved(description, response: dict) -> dict:
    """A response, or the shared one it refers to."""
    if "$ref" in response:
        return description["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


@pytest.mark.parametrize(("method", "path"), CONTRACT, ids=[f"{m} {p}" for m, p in CONTRACT])
def test_every_contract_route_is_described_with_its_answers(description, method, path):
    described = operation(description, method, path)
    responses = {
        status: resolved(description, response)
        for status, response in described["responses"].items()
    }

    assert "default" not in responses
    assert {"400", "422"} & set(responses)
    assert any(status.startswith("2") and responses[status].get("content") for status in responses)
    for status, response in responses.items():
        if int(status) >= 400:
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, status
    if (method, path) in TAKES_A_BODY:
        assert TAKES_A_BODY[method, path] in described["requestBody"]["content"]


def test_routes_behind_a_token_document_401_and_403_and_public_ones_do_not(description):
    for method, path, described in operations(description):
        public = described.get("security") == []
        statuses = set(described["responses"])
        assert ({"401", "403"} <= statuses) != public, (method, path)


def test_a_route_naming_an_object_documents_404(description):
    for method, path, described in operations(description):
        if "{" in path:
            assert "404" in described["responses"], (method, path)


def test_every_api_route_of_the_app_is_described(_session_app, description):
    described = {(method.upper(), path) for method, path, _ in operations(description)}
    for rule in _session_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in described, (method, path)
