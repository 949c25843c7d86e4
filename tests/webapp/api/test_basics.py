"""The API's common behaviour: bearer tokens, JSON errors, the OpenAPI document."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.auth.models import ApiToken
from webapp.auth.operations import revoke_api_tokens, set_user_active
from webapp.errors import MESSAGES
from webapp.extensions import db


@pytest.fixture
def ward(make_unit):
    unit = make_unit("ANBINH", "UBND phường An Bình", kind="ward")
    db.session.commit()
    return unit


@pytest.fixture
def office(make_user):
    user = make_user("office", username="vanphong")
    db.session.commit()
    return user


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def token_of(headers: dict) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert not response.get_data(as_text=True).lstrip().startswith("<")
    body = response.json
    assert set(body) == {"error", "details"}
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["details"], list)
    return body


def test_me_describes_the_tokens_owner(client, ward, make_user, api_token):
    user = make_user("unit", unit=ward, username="canbo-anbinh")
    headers = api_token(user)
    db.session.commit()

    response = client.get("/api/v1/me", headers=headers)

    assert response.status_code == 200
    assert response.json == {
        "username": "canbo-anbinh",
        "display_name": user.display_name,
        "role": "unit",
        "unit_code": "ANBINH",
    }


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer dd_khong-phai-ma-that"},
        {"Authorization": "Bearer not-even-our-format"},
        {"Authorization": "Basic dmFucGhvbmc6bWF0LWtoYXU="},
        {"Authorization": "Bearer dd_" + "x" * 500},
    ],
    ids=["none", "empty", "unknown", "foreign", "basic", "huge"],
)
def test_missing_or_bad_token_answers_401_in_json(client, headers):
    response = client.get("/api/v1/units", headers=headers)

    body = assert_json_error(response, 401)
    assert body["error"] == MESSAGES[401]
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_page_session_is_not_an_api_credential(client, auth, office):
    auth.login("vanphong")

    assert_json_error(client.get("/api/v1/me"), 401)


def test_revoked_token_answers_401(client, office, api_token):
    headers = api_token(office)
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    assert revoke_api_tokens(None, office) == 1
    db.session.commit()

    assert_json_error(client.get("/api/v1/me", headers=headers), 401)


def test_revoking_one_users_tokens_leaves_others_working(client, office, make_user, api_token):
    colleague = make_user("leader")
    own_headers = api_token(office)
    colleague_headers = api_token(colleague)
    db.session.commit()

    revoke_api_tokens(None, office)
    db.session.commit()

    assert client.get("/api/v1/me", headers=own_headers).status_code == 401
    assert (
        client.get("/api/v1/me", headers=colleague_headers).json["username"] == colleague.username
    )


def test_token_of_a_disabled_user_answers_401(client, office, make_user, api_token):
    headers = api_token(office)
    office.active = False
    db.session.commit()

    assert_json_error(client.get("/api/v1/me", headers=headers), 401)


def test_disabling_a_user_revokes_the_tokens_for_good(client, office, make_user, api_token):
    admin = make_user("admin")
    headers = api_token(office)
    db.session.commit()

    set_user_active(admin, office, False)
    db.session.commit()
    set_user_active(admin, office, True)
    db.session.commit()

    assert_json_error(client.get("/api/v1/me", headers=headers), 401)


def test_tokens_are_stored_only_as_sha256(client, office, api_token):
    token = token_of(api_token(office))
    db.session.commit()
    client.get("/api/v1/me", headers=bearer(token))

    [record] = db.session.scalars(select(ApiToken).where(ApiToken.user_id == office.id))
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored_values = [str(getattr(record, column.key)) for column in ApiToken.__table__.columns]
    assert all(token not in value for value in stored_values)
    assert len(record.prefix) < len(token) // 2
    for event in db.session.scalars(select(AuditEvent)):
        assert token not in repr((event.before, event.after, event.comment, event.entity_id))


def test_token_use_is_recorded_as_last_used(client, office, api_token):
    headers = api_token(office)
    db.session.commit()

    client.get("/api/v1/me", headers=headers)

    db.session.expire_all()
    record = db.session.scalar(select(ApiToken).where(ApiToken.user_id == office.id))
    assert record.last_used_at is not None


def test_audit_without_parameters_names_every_missing_field(client, office, api_token):
    response = client.get("/api/v1/audit", headers=api_token(office))

    body = assert_json_error(response, 422)
    assert body["error"] == MESSAGES[422]
    fields = {(problem["location"], problem["field"]) for problem in body["details"]}
    assert fields == {("query", "entity"), ("query", "id")}
    assert all(problem["message"] for problem in body["details"])


def test_audit_with_over_long_id_is_refused(client, office, api_token):
    response = client.get(
        "/api/v1/audit", query_string={"entity": "unit", "id": "x" * 65}, headers=api_token(office)
    )

    body = assert_json_error(response, 422)
    assert [problem["field"] for problem in body["details"]] == ["id"]


def test_audit_returns_the_trail_of_one_object(client, office, make_user, api_token):
    from webapp.units.operations import create_unit, update_unit

    admin = make_user("admin", username="quantri")
    unit = create_unit(admin, code="PHUMY", name="UBND xã Phú Mỹ", kind="commune")
    update_unit(admin, unit, name="UBND xã Phú Mỹ mới", kind="commune")
    db.session.commit()

    response = client.get(
        "/api/v1/audit", query_string={"entity": "unit", "id": "PHUMY"}, headers=api_token(office)
    )

    assert response.status_code == 200
    assert [(e["action"], e["actor"]) for e in response.json] == [
        ("create", "quantri"),
        ("update", "quantri"),
    ]
    assert response.json[1]["before"]["name"] == "UBND xã Phú Mỹ"
    assert response.json[1]["after"]["name"] == "UBND xã Phú Mỹ mới"


def test_unknown_unit_answers_404_in_json(client, office, api_token):
    body = assert_json_error(client.get("/api/v1/units/KHONGCO", headers=api_token(office)), 404)

    assert body["error"] == MESSAGES[404]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/khong-co-duong-nay", 404),
        ("GET", "/api/khong-co", 404),
        ("POST", "/api/v1/units", 405),
        ("DELETE", "/api/v1/me", 405),
        ("GET", "/api/v1/units/KHONGCO", 404),
        ("GET", "/api/v1/audit?entity=unit", 422),
    ],
)
def test_api_errors_are_never_html(client, office, api_token, method, path, status):
    headers = api_token(office)
    db.session.commit()

    for sent in (headers, {}):
        response = client.open(path, method=method, headers=sent)
        assert response.mimetype == "application/json", (path, sent, response.status_code)
        assert "<html" not in response.get_data(as_text=True).lower()
    assert_json_error(client.open(path, method=method, headers=headers), status)


def test_openapi_document_describes_the_api(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json
    assert document["openapi"] == "3.1.0"
    assert {"/api/v1/units", "/api/v1/units/{code}", "/api/v1/me", "/api/v1/audit"} <= set(
        document["paths"]
    )
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["type"] == "http"
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert {"bearerAuth": []} in document["security"]
    audit_parameters = {p["name"] for p in document["paths"]["/api/v1/audit"]["get"]["parameters"]}
    assert {"entity", "id"} <= audit_parameters
