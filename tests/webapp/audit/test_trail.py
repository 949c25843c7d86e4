"""The audit trail: written by operations, append-only, readable by staff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.audit.operations import record_event
from webapp.auth.operations import create_user, masked_login_name, set_user_active
from webapp.extensions import db


def _events(entity: str, entity_id) -> list[AuditEvent]:
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.id)
    )
    return list(db.session.scalars(stmt))


def test_record_event_adds_an_event_with_actor_and_changes(app, make_user):
    admin = make_user("admin")

    record_event(
        admin, "unit", 42, "update", before={"name": "Cũ"}, after={"name": "Mới"}, comment="Đổi tên"
    )
    db.session.flush()

    [event] = _events("unit", 42)
    assert event.actor_id == admin.id
    assert event.actor_name == admin.username
    assert event.action == "update"
    assert (event.before, event.after) == ({"name": "Cũ"}, {"name": "Mới"})
    assert event.comment == "Đổi tên"
    assert event.occurred_at.tzinfo is not None


def test_record_event_without_actor_keeps_the_given_name(app):
    record_event(None, "user", "khach", "login_failed", actor_name="khach")
    db.session.flush()

    [event] = _events("user", "khach")
    assert event.actor_id is None
    assert event.actor_name == "khach"


@pytest.fixture
def stored_event(app):
    event = record_event(None, "unit", 7, "create", comment="gốc")
    db.session.flush()
    return event


def test_changing_an_audit_event_through_the_orm_is_refused(stored_event):
    stored_event.comment = "sửa lại"

    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()


def test_deleting_an_audit_event_through_the_orm_is_refused(stored_event):
    db.session.delete(stored_event)

    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()


@pytest.fixture
def user_with_history(app, make_user):
    """A user created, disabled and enabled again by an admin."""
    admin = make_user("admin", username="quantri")
    user = create_user(
        admin,
        username="nhanvien",
        display_name="Nhân viên",
        role="office",
        password="mat-khau-du-dai-123",
    )
    set_user_active(admin, user, False)
    set_user_active(admin, user, True)
    db.session.flush()
    return user


def test_api_audit_trail_lists_events_oldest_first_with_actor_and_action(
    user_with_history, make_user, api_token, client
):
    office = make_user("office")

    response = client.get(
        f"/api/v1/audit?entity=user&id={user_with_history.id}", headers=api_token(office)
    )

    assert response.status_code == 200
    trail = [(event["actor"], event["action"]) for event in response.json]
    assert trail == [("quantri", "create"), ("quantri", "disable"), ("quantri", "enable")]
    created, disabled, _enabled = response.json
    assert created["after"]["username"] == "nhanvien"
    assert created["entity"] == "user"
    assert created["entity_id"] == str(user_with_history.id)
    assert (disabled["before"]["active"], disabled["after"]["active"]) == (True, False)
    times = [event["occurred_at"] for event in response.json]
    assert times == sorted(times)


def test_api_audit_trail_of_an_object_without_events_is_empty(make_user, api_token, client):
    response = client.get(
        "/api/v1/audit?entity=user&id=999999", headers=api_token(make_user("leader"))
    )

    assert response.status_code == 200
    assert response.json == []


def test_api_audit_trail_is_refused_to_unit_users(
    user_with_history, make_unit, make_user, api_token, client
):
    unit_user = make_user("unit", unit=make_unit("ANBINH"))

    response = client.get(
        f"/api/v1/audit?entity=user&id={user_with_history.id}", headers=api_token(unit_user)
    )

    assert response.status_code == 403
    assert "error" in response.json


def test_api_audit_trail_needs_entity_and_id(make_user, api_token, client):
    response = client.get("/api/v1/audit?entity=user", headers=api_token(make_user("office")))

    assert response.status_code == 422


def test_api_audit_trail_needs_a_token(client):
    assert client.get("/api/v1/audit?entity=user&id=1").status_code == 401


def test_audit_page_shows_events_and_filters_by_entity(app, make_user, auth, client):
    admin = make_user("admin")
    record_event(admin, "unit", 5, "update", comment="ghi-chu-don-vi")
    record_event(admin, "directive", 9, "create", comment="ghi-chu-cong-van")
    db.session.commit()
    auth.login(admin.username)

    everything = client.get("/audit")
    only_units = client.get("/audit?entity=unit")

    assert everything.status_code == 200
    assert "ghi-chu-don-vi" in everything.text
    assert "ghi-chu-cong-van" in everything.text
    assert only_units.status_code == 200
    assert "ghi-chu-don-vi" in only_units.text
    assert "Đơn vị #5" in only_units.text  # no such unit: its kind and key
    assert "Sửa thông tin đơn vị" in only_units.text
    assert "ghi-chu-cong-van" not in only_units.text


def test_audit_page_is_refused_to_unit_users(make_unit, make_user, auth, client):
    unit_user = make_user("unit", unit=make_unit("ANHOA"))
    auth.login(unit_user.username)

    assert client.get("/audit").status_code == 403


def test_failed_login_appears_among_recent_security_events_for_admin(make_user, auth, client):
    admin = make_user("admin")
    db.session.commit()

    refused = auth.login("ke-la-mat", "doan-bua-mat-khau")
    assert refused.status_code == 401
    auth.login(admin.username)
    landing = client.get("/")

    assert landing.status_code == 200
    assert "Sự kiện an ninh gần đây" in landing.text
    section = landing.text.split("Sự kiện an ninh gần đây", 1)[1]
    assert masked_login_name("ke-la-mat") in section  # a name no account has: never as typed
    assert "ke-la-mat" not in section
    assert "Đăng nhập sai" in section
    assert "Tên đăng nhập không tồn tại" in section
