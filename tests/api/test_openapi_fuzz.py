"""Every route of the OpenAPI description, driven by schemathesis with generated input and every
check it runs by default but two, as the office, a leader and a unit: no input makes the server
fail (500); every answer has a documented status, content type, headers and body; a method a route
does not take answers 405 with Allow; a request without its token or with a wrong one is refused;
and a unit's answers hold no other unit's data."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.conftest import app_settings
from tests.factories import issue_january, small_city
from webapp import create_app
from webapp.auth.operations import issue_api_token
from webapp.extensions import db

EXAMPLES = 25
# The description only: requests go to the test's own app, through its client.
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", create_app(app_settings("sqlite://")), config=None
)


@pytest.fixture
def city_tokens(app, tmp_path, monkeypatch):
    """A small city with an issued letter, and a token of each kind of caller."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    issued = issue_january(small_city())
    city = issued.city
    tokens = {
        name: issue_api_token(None, user)
        for name, user in (
            ("office", city.office),
            ("leader", city.chairman),
            ("unit", city.anbinh),
        )
    }
    db.session.commit()
    return tokens


# Left out of schemathesis's default checks, which run otherwise, new ones included: a valid
# request for a month without figures answers 422 by a business rule (positive_data_acceptance),
# and unknown query keys are ignored, not refused (negative_data_rejection).
EXCLUDED_CHECKS = [
    schemathesis.specs.openapi.checks.positive_data_acceptance,
    schemathesis.specs.openapi.checks.negative_data_rejection,
]
UNIT_CODE = "ANBINH"  # the unit whose token is used


def unit_codes_in(body) -> set[str]:
    """Return the codes of the units whose data a JSON answer carries."""
    found: set[str] = set()
    if isinstance(body, dict):
        if isinstance(body.get("unit_code"), str):
            found.add(body["unit_code"])
        if {"code", "name", "kind"} <= body.keys():  # a unit itself
            found.add(body["code"])
        for value in body.values():
            found |= unit_codes_in(value)
    elif isinstance(body, list):
        for value in body:
            found |= unit_codes_in(value)
    return found


def own_unit_only(ctx, response, case):
    """A unit's answer carries data of that unit alone."""
    if response.headers.get("content-type", [""])[0].startswith("application/json"):
        others = unit_codes_in(response.json()) - {UNIT_CODE}
        assert not others, f"the answer carries data of other units: {sorted(others)}"


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_get_documented_answers_and_no_leak(case, client, city_tokens):
    for role, token in city_tokens.items():
        case.call_and_validate(
            session=client,
            headers={"Authorization": f"Bearer {token}"},
            excluded_checks=EXCLUDED_CHECKS,
            additional_checks=[own_unit_only] if role == "unit" else [],
        )


def test_the_leak_check_notices_another_units_figures(client, city_tokens):
    answer = client.get(
        "/api/v1/stats?period=2024-01", headers={"Authorization": f"Bearer {city_tokens['office']}"}
    )
    assert unit_codes_in(answer.json) - {UNIT_CODE}, "the office sees every unit: a check's proof"
    scoped = client.get(
        "/api/v1/stats?period=2024-01", headers={"Authorization": f"Bearer {city_tokens['unit']}"}
    )
    assert unit_codes_in(scoped.json) == {UNIT_CODE}


def test_an_id_too_large_for_the_database_is_not_found(client, city_tokens):
    huge = "5986329339755376641310720"
    headers = {"Authorization": f"Bearer {city_tokens['office']}"}
    assert client.post(f"/api/v1/directives/{huge}/submit", headers=headers).status_code == 404
    assert client.get(f"/api/v1/tasks/{huge}", headers=headers).status_code == 404


def test_a_nul_character_anywhere_in_the_request_is_refused_by_name(client, city_tokens):
    headers = {"Authorization": f"Bearer {city_tokens['office']}"}
    answer = client.get("/api/v1/audit?entity=unit%00task&id=1", headers=headers)
    assert answer.status_code == 400
    assert answer.json["details"] == [
        {"field": "entity", "message": "Bỏ ký tự NUL khỏi giá trị này."}
    ]
    answer = client.post("/api/v1/directives", json={"period": "2024\x00-01"}, headers=headers)
    assert answer.status_code == 400 and answer.json["details"][0]["field"] == "json"
