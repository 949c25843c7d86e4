"""A unit user sees only its own unit, through pages and the API alike; staff see every unit."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.extensions import db

OWN = ("ANBINH", "UBND phường An Bình")
OTHER = ("TANMAI", "UBND phường Tân Mai")
DEPARTMENT = ("PTP", "Phòng Tư pháp")


@pytest.fixture
def city(make_unit, make_user):
    department = make_unit(*DEPARTMENT, kind="department")
    own = make_unit(*OWN, kind="ward", parent=department)
    other = make_unit(*OTHER, kind="ward")
    unit_user = make_user("unit", unit=own, username="canbo-anbinh")
    db.session.commit()
    return {"own": own, "other": other, "department": department, "unit_user": unit_user}


def out_of_scope_events() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "out_of_scope_access")
            .order_by(AuditEvent.id)
        )
    )


def as_text(response) -> str:
    if response.mimetype == "application/json":
        return json.dumps(response.json, ensure_ascii=False)
    return response.get_data(as_text=True)


def test_unit_user_sees_its_own_unit_page(client, auth, city):
    auth.login("canbo-anbinh")

    response = client.get("/units/ANBINH")

    assert response.status_code == 200
    assert OWN[1] in response.text
    assert DEPARTMENT[1] in response.text  # its parent, shown as "Trực thuộc"
    assert not out_of_scope_events()


def test_unit_user_gets_404_for_another_units_page_and_it_is_recorded(client, auth, city):
    auth.login("canbo-anbinh")

    response = client.get("/units/TANMAI")

    assert response.status_code == 404
    assert OTHER[1] not in response.text
    assert "TANMAI" not in response.text
    [event] = out_of_scope_events()
    assert event.actor_id == city["unit_user"].id
    assert event.actor_name == "canbo-anbinh"
    assert event.entity == "units"
    assert "TANMAI" in event.entity_id
    assert event.address == "127.0.0.1"


def test_a_missing_unit_and_a_forbidden_one_look_the_same(client, auth, city):
    auth.login("canbo-anbinh")

    forbidden = client.get("/units/TANMAI")
    missing = client.get("/units/KHONGCO")

    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.text.replace("TANMAI", "X") == missing.text.replace("KHONGCO", "X")
    # Only the real unit is an intrusion worth recording.
    assert len(out_of_scope_events()) == 1


def test_unit_user_gets_404_for_another_unit_through_the_api(client, city, api_token):
    headers = api_token(city["unit_user"])
    db.session.commit()

    response = client.get("/api/v1/units/TANMAI", headers=headers)

    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert OTHER[1] not in as_text(response)
    assert set(response.json) == {"error", "details"}
    [event] = out_of_scope_events()
    assert (event.actor_id, event.actor_name) == (city["unit_user"].id, "canbo-anbinh")


def test_unit_user_cannot_reach_another_unit_through_its_parent_either(client, auth, city):
    auth.login("canbo-anbinh")

    assert client.get("/units/PTP").status_code == 404
    assert client.get("/units").status_code == 403


def test_unit_token_lists_only_its_own_unit(client, city, api_token):
    headers = api_token(city["unit_user"])
    db.session.commit()

    response = client.get("/api/v1/units", headers=headers)

    assert response.status_code == 200
    assert response.json == [
        {"code": "ANBINH", "name": OWN[1], "kind": "ward", "parent_code": "PTP"},
    ]


def test_unit_token_reads_its_own_unit(client, city, api_token):
    headers = api_token(city["unit_user"])
    db.session.commit()

    response = client.get("/api/v1/units/ANBINH", headers=headers)

    assert response.status_code == 200
    assert response.json["name"] == OWN[1]


def test_unit_token_cannot_read_the_audit_trail(client, city, api_token):
    headers = api_token(city["unit_user"])
    db.session.commit()

    response = client.get(
        "/api/v1/audit", query_string={"entity": "unit", "id": "TANMAI"}, headers=headers
    )

    assert response.status_code == 403
    assert response.json["details"] == []


def test_unit_landing_page_names_only_its_own_unit(client, auth, city):
    auth.login("canbo-anbinh")

    home = client.get("/")

    assert OWN[1] in home.text
    assert OTHER[1] not in home.text


@pytest.mark.parametrize("role", ["office", "leader", "admin"])
def test_staff_see_every_unit(client, auth, make_user, api_token, city, role):
    user = make_user(role)
    headers = api_token(user)
    db.session.commit()
    auth.login(user.username)

    listing = client.get("/units")
    pages = [client.get(f"/units/{code}") for code in ("ANBINH", "TANMAI", "PTP")]
    api_listing = client.get("/api/v1/units", headers=headers)
    api_other = client.get("/api/v1/units/TANMAI", headers=headers)

    assert listing.status_code == 200
    for name in (OWN[1], OTHER[1], DEPARTMENT[1]):
        assert name in listing.text
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert OTHER[1] in pages[1].text
    assert sorted(unit["code"] for unit in api_listing.json) == ["ANBINH", "PTP", "TANMAI"]
    assert api_other.json["name"] == OTHER[1]
    assert not out_of_scope_events()
