"""Every route of the OpenAPI description, driven by schemathesis with generated input, as the
office, a leader and a unit: no input ever makes the server fail (500)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.conftest import app_settings
from tests.webapp.directives.small_city import build_city
from tests.webapp.tasks.issued import issue_january
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
    issued = issue_january(build_city())
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


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_fails_the_server(case, client, city_tokens):
    for token in city_tokens.values():
        case.call_and_validate(
            session=client,
            headers={"Authorization": f"Bearer {token}"},
            checks=[schemathesis.checks.not_a_server_error],
        )


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
