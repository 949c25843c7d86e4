"""Credentials that cannot be turned against their owner: nobody locks another person out with
wrong passwords, a password typed as a user name is never kept, a new password ends the old API
tokens, and a CSRF token from before login is worthless after it."""

from __future__ import annotations

import time

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from tests.conftest import AuthActions
from webapp.audit.models import AuditEvent
from webapp.auth.models import LoginFailure
from webapp.errors import CSRF_MESSAGE
from webapp.extensions import db

NEW_PASSWORD = "mat-khau-moi-rat-dai"
ATTACKER, OWNER, OTHER = "203.0.113.7", "198.51.100.20", "198.51.100.30"


@pytest.fixture
def leader(make_user):
    user = make_user("leader", username="chutich")
    db.session.commit()
    return user


def browser(app, address: str) -> AuthActions:
    """A browser of its own, calling from the given address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return AuthActions(client)


def fail(actions: AuthActions, username: str, times: int) -> None:
    for _ in range(times):
        assert actions.login(username, "sai-mat-khau").status_code == 401


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(app, leader):
    attacker = browser(app, ATTACKER)
    fail(attacker, "chutich", app.config["LOGIN_MAX_FAILURES"])

    assert attacker.login("chutich").status_code == 401  # that address is held back
    assert browser(app, OWNER).login("chutich").status_code == 302


def test_one_address_failing_for_many_accounts_is_held_back_alone(app, make_user):
    names = [f"canbo{number}" for number in range(8)]
    for name in names:
        make_user("office", username=name)
    db.session.commit()
    attacker = browser(app, ATTACKER)
    per_account = app.config["LOGIN_MAX_FAILURES"] - 1
    for name in names:  # 8 accounts × 4 failures: over the address's 30
        fail(attacker, name, per_account)

    refused = attacker.login("canbo0")

    assert refused.status_code == 401 and "Đăng nhập sai quá nhiều lần" in refused.text
    for name in names:
        assert browser(app, OWNER).login(name).status_code == 302


def test_many_addresses_failing_for_one_account_close_it_to_them_only(app, leader):
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 6
    guessers = [browser(app, f"203.0.113.{number}") for number in range(10, 13)]
    for guesser in guessers:  # 3 addresses × 2 failures: each under its own limit
        fail(guesser, "chutich", 2)

    assert guessers[0].login("chutich").status_code == 401
    assert browser(app, OWNER).login("chutich").status_code == 302


def test_an_unknown_user_name_is_kept_nowhere_as_typed(app, client, auth):
    typed = "MatKhauCuaToi-2024"

    auth.login(typed, "gi-cung-duoc")
    auth.login(typed, "gi-cung-duoc")

    kept_failures = db.session.scalars(select(LoginFailure.username)).all()
    events = db.session.scalars(select(AuditEvent)).all()
    stored = [*kept_failures, *(f"{e.actor_name} {e.entity_id} {e.comment}" for e in events)]
    assert stored and not any(typed.lower() in text.lower() for text in stored)
    assert len(set(kept_failures)) == 1  # the same name is counted as one, still throttled
    assert kept_failures[0].startswith("tên lạ #")


def test_an_unknown_name_is_throttled_like_a_known_one(app, auth):
    fail(auth, "khongco", app.config["LOGIN_MAX_FAILURES"])

    refused = auth.login("khongco")

    assert "Đăng nhập sai quá nhiều lần" in refused.text


def me(client, token: dict) -> int:
    return client.get("/api/v1/me", headers=token).status_code


def test_an_admin_password_reset_revokes_the_accounts_api_tokens(
    app, client, auth, make_user, api_token
):
    make_user("admin", username="quantri")
    victim = make_user("office", username="vanphong")
    token = api_token(victim)
    db.session.commit()
    assert me(client, token) == 200
    auth.login("quantri")

    response = client.post(
        f"/admin/users/{victim.id}/password",
        data={"password": NEW_PASSWORD, "csrf_token": auth.csrf_token("/admin/users")},
    )

    assert response.status_code == 302
    assert me(app.test_client(), token) == 401
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reset_password")
    ).all()
    assert event.comment == "Thu hồi 1 mã truy cập API"


def test_changing_ones_own_password_revokes_ones_api_tokens(
    app, client, auth, make_user, api_token
):
    user = make_user("office", username="vanphong")
    token = api_token(user)
    db.session.commit()
    auth.login("vanphong")

    response = auth.change_password(NEW_PASSWORD)

    assert response.status_code == 302, response.text
    assert me(app.test_client(), token) == 401


def test_a_csrf_token_from_before_login_is_refused_after_it(client, auth, leader):
    before_login = auth.csrf_token("/login")
    assert auth.login("chutich").status_code == 302

    refused = client.post("/logout", data={"csrf_token": before_login})

    assert refused.status_code == 400 and CSRF_MESSAGE in refused.text
    assert client.get("/account").status_code == 200  # still logged in
    assert auth.logout().status_code == 302


def test_the_session_cookie_changes_at_login(client, auth, leader):
    auth.csrf_token("/login")
    before = client.get_cookie("session").value

    auth.login("chutich")

    assert client.get_cookie("session").value != before


def test_a_csrf_token_expires(app, client, auth, leader, monkeypatch):
    auth.login("chutich")
    token = auth.csrf_token("/account")
    later = app.config["WTF_CSRF_TIME_LIMIT"] + 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) + later)

    refused = client.post("/logout", data={"csrf_token": token})

    assert refused.status_code == 400
