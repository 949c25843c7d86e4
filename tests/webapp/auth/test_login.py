"""Logging in and out, throttling, CSRF, password change and how credentials are kept."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, AuthActions
from webapp.audit.models import AuditEvent
from webapp.auth.models import LoginFailure, User
from webapp.errors import CSRF_MESSAGE
from webapp.extensions import db

WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
NEW_PASSWORD = "mat-khau-moi-rat-dai"


def landing_title(html: str) -> str:
    match = re.search(r'data-testid="landing-title"[^>]*>([^<]*)<', html)
    assert match, "the landing page has no landing title"
    return match.group(1).strip()


def login_error(html: str) -> str:
    match = re.search(r'data-testid="login-error"[^>]*>([^<]*)<', html)
    assert match, "the login page shows no error"
    return match.group(1).strip()


def events(action: str, **where) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == action)
    for column, value in where.items():
        stmt = stmt.where(getattr(AuditEvent, column) == value)
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


def stays_on_site(location: str) -> bool:
    """Tell whether a browser would stay on this site following the Location header."""
    parts = urlsplit(location)
    return (
        not parts.scheme
        and not parts.netloc
        and location.startswith("/")
        and location[1:2] not in ("/", "\\")
        and not any(ord(char) < 33 for char in location)
    )


def is_logged_in(client) -> bool:
    response = client.get("/account")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.location.startswith("/login")
    return False


@pytest.fixture
def ward(make_unit):
    unit = make_unit("ANBINH", "UBND phường An Bình", kind="ward")
    db.session.commit()
    return unit


@pytest.fixture
def office_user(make_user):
    user = make_user("office", username="vanphong")
    db.session.commit()
    return user


@pytest.mark.parametrize(
    ("role", "who"),
    [
        ("office", "Chuyên viên Văn phòng ·"),
        ("leader", "Lãnh đạo ·"),
        ("admin", "Quản trị hệ thống ·"),
        ("unit", "UBND phường An Bình ·"),
    ],
)
def test_each_role_lands_on_its_own_to_do_page(client, auth, make_user, ward, role, who):
    user = make_user(role, unit=ward if role == "unit" else None)
    db.session.commit()

    response = auth.login(user.username)

    assert response.status_code == 302
    assert response.location == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert landing_title(home.text) == "Việc cần làm"
    assert who in re.search(r'class="muted todo-who">([^<]*)<', home.text).group(1)
    assert user.display_name in home.text
    assert events("login", actor_id=user.id)


def test_login_accepts_username_in_other_case_and_with_spaces(client, auth, office_user):
    response = auth.login("  VanPhong ")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_wrong_password_and_unknown_user_answer_alike(client, auth, office_user):
    wrong_password = auth.login("vanphong", "not-the-password")
    unknown_user = auth.login("khongco", PASSWORD)

    assert wrong_password.status_code == unknown_user.status_code == 401
    assert login_error(wrong_password.text) == WRONG_CREDENTIALS
    assert login_error(unknown_user.text) == WRONG_CREDENTIALS
    assert not is_logged_in(client)
    failures = events("login_failed")
    masked = failures[1].actor_name
    assert [(e.actor_id, e.actor_name, e.entity_id) for e in failures] == [
        (office_user.id, "vanphong", str(office_user.id)),
        (None, masked, masked),
    ]
    assert masked.startswith("tên lạ #") and "khongco" not in masked
    assert all(e.address == "127.0.0.1" for e in failures)


def test_disabled_user_is_refused_even_with_the_right_password(client, auth, make_user):
    user = make_user("leader", username="bikhoa", active=False)
    db.session.commit()

    response = auth.login("bikhoa")

    assert response.status_code == 401
    assert "đã bị khóa" in login_error(response.text)
    assert not is_logged_in(client)
    assert [e.actor_id for e in events("login_refused_inactive")] == [user.id]
    assert not events("login", actor_id=user.id)


def test_too_many_failures_refuse_even_the_right_password(app, client, auth, office_user):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert auth.login("vanphong", "sai-mat-khau").status_code == 401

    refused = auth.login("vanphong", PASSWORD)

    assert refused.status_code == 401
    assert "Đăng nhập sai quá nhiều lần" in login_error(refused.text)
    assert not is_logged_in(client)
    assert len(events("login_throttled", actor_name="vanphong")) == 1


def test_the_throttle_is_kept_in_the_database_not_in_the_browser(app, auth, office_user):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        auth.login("vanphong", "sai-mat-khau")
    stored = db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(LoginFailure.username == "vanphong")
    )
    assert stored == limit

    other_browser = app.test_client()
    refused = AuthActions(other_browser).login("vanphong", PASSWORD)

    assert refused.status_code == 401
    assert "Đăng nhập sai quá nhiều lần" in login_error(refused.text)
    assert not is_logged_in(other_browser)


def test_one_throttled_name_does_not_lock_out_other_users(
    app, client, auth, make_user, office_user
):
    make_user("leader", username="chutich")
    db.session.commit()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        auth.login("vanphong", "sai-mat-khau")

    assert auth.login("chutich").status_code == 302
    assert is_logged_in(client)


def test_failures_below_the_limit_are_forgotten_after_a_good_login(app, client, auth, office_user):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        auth.login("vanphong", "sai-mat-khau")
    assert auth.login("vanphong").status_code == 302
    auth.logout()

    for _ in range(limit - 1):
        auth.login("vanphong", "sai-mat-khau")

    assert auth.login("vanphong").status_code == 302


def test_login_without_csrf_token_is_rejected_and_recorded(client, office_user):
    response = client.post("/login", data={"username": "vanphong", "password": PASSWORD})

    assert response.status_code == 400
    assert CSRF_MESSAGE in response.text
    assert not is_logged_in(client)
    rejected = events("csrf_rejected")
    assert len(rejected) == 1
    assert rejected[0].entity_id == "/login"
    assert not events("login")


def test_login_with_forged_csrf_token_is_rejected(client, office_user):
    response = client.post(
        "/login",
        data={"username": "vanphong", "password": PASSWORD, "csrf_token": "forged-token"},
    )

    assert response.status_code == 400
    assert CSRF_MESSAGE in response.text
    assert not is_logged_in(client)


def test_over_long_username_is_refused_with_a_clear_message(client, auth, make_user):
    # A user whose name is exactly the maximum: typing one character more must not log in
    # (the name must not be silently cut to fit).
    longest = "a" * 64
    make_user("office", username=longest)
    db.session.commit()

    response = auth.login(longest + "x")

    assert response.status_code == 422
    assert "Tên đăng nhập tối đa 64 ký tự." in response.text
    assert not is_logged_in(client)
    assert auth.login(longest).status_code == 302


def test_empty_fields_are_refused_with_a_message(client, auth):
    response = client.post(
        "/login", data={"username": "", "password": "", "csrf_token": auth.csrf_token()}
    )

    assert response.status_code == 422
    assert "Vui lòng nhập trường này." in response.text
    assert not is_logged_in(client)


def test_logout_ends_the_session(client, auth, office_user):
    auth.login("vanphong")

    response = auth.logout()

    assert response.status_code == 302
    assert response.location == "/login"
    assert not is_logged_in(client)
    assert [e.actor_id for e in events("logout")] == [office_user.id]


def test_logout_needs_a_post_with_csrf_token(client, auth, office_user):
    auth.login("vanphong")

    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert is_logged_in(client)


def test_old_session_cookie_no_longer_works_after_logout(app, client, auth, office_user):
    auth.login("vanphong")
    stolen = client.get_cookie("session").value
    auth.logout()

    client.set_cookie("session", stolen)
    replayed_here = client.get("/account")
    other_browser = app.test_client()
    other_browser.set_cookie("session", stolen)
    replayed_elsewhere = other_browser.get("/account")

    for response in (replayed_here, replayed_elsewhere):
        assert response.status_code == 302
        assert response.location.startswith("/login")


def test_password_change_ends_other_sessions(app, client, auth, office_user):
    other_browser = app.test_client()
    assert AuthActions(other_browser).login("vanphong").status_code == 302
    auth.login("vanphong")

    response = auth.change_password(NEW_PASSWORD)

    assert response.status_code == 302
    assert response.location == "/account"
    assert "Đã đổi mật khẩu" in client.get("/account").text
    assert is_logged_in(client)
    assert not is_logged_in(other_browser)
    assert events("change_password", actor_id=office_user.id)
    auth.logout()
    assert auth.login("vanphong", PASSWORD).status_code == 401
    assert auth.login("vanphong", NEW_PASSWORD).status_code == 302


def test_password_change_with_wrong_current_password_is_refused(client, auth, office_user):
    auth.login("vanphong")
    hash_before = office_user.password_hash

    response = client.post(
        "/account",
        data={
            "current_password": "khong-dung-dau",
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
            "csrf_token": auth.csrf_token("/account"),
        },
    )

    assert response.status_code == 422
    assert "Mật khẩu hiện tại không đúng." in response.text
    db.session.expire_all()
    assert db.session.get(User, office_user.id).password_hash == hash_before
    assert is_logged_in(client)


def test_password_change_with_mismatched_confirmation_is_refused(client, auth, office_user):
    auth.login("vanphong")

    response = client.post(
        "/account",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD + "x",
            "csrf_token": auth.csrf_token("/account"),
        },
    )

    assert response.status_code == 422
    assert "Hai mật khẩu không khớp." in response.text


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "http://evil.example/login",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_does_not_follow_next_to_another_site(client, auth, office_user, target):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "vanphong", "password": PASSWORD, "csrf_token": auth.csrf_token()},
    )

    assert response.status_code == 302
    assert stays_on_site(response.location)


def test_login_follows_next_within_the_site(client, auth, office_user):
    response = client.post(
        "/login",
        query_string={"next": "/units?kind=ward"},
        data={"username": "vanphong", "password": PASSWORD, "csrf_token": auth.csrf_token()},
    )

    assert response.status_code == 302
    assert response.location == "/units?kind=ward"


def test_a_page_needing_login_sends_back_there_after_login(client, auth, office_user):
    response = client.get("/units")

    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    login = client.post(
        response.location,
        data={"username": "vanphong", "password": PASSWORD, "csrf_token": auth.csrf_token()},
    )
    assert login.location == "/units"


def test_session_cookie_is_http_only_and_same_site_lax(client, auth, office_user):
    response = auth.login("vanphong")

    cookies = [
        value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")
    ]
    assert len(cookies) == 1
    attributes = [part.strip().lower() for part in cookies[0].split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_passwords_are_stored_as_argon2id_hashes(make_user):
    user = make_user("office", username="bammat", password="mot-mat-khau-rieng")

    stored = db.session.scalar(select(User.password_hash).where(User.id == user.id))

    assert stored.startswith("$argon2id$")
    assert "mot-mat-khau-rieng" not in stored


def test_logged_in_user_visiting_login_goes_home(client, auth, office_user):
    auth.login("vanphong")

    response = client.get("/login")

    assert response.status_code == 302
    assert response.location == "/"
