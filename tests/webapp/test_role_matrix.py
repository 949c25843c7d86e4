"""Who may reach what: every route of the foundation × every kind of actor, exact answers.

The target objects are unit ANBINH and user "muc-tieu". "unit_own" works for ANBINH,
"unit_other" for TANMAI. Pages are driven through a logged-in browser session; the API with a
bearer token. Every POST carries a valid CSRF token, so a refusal comes from the role check
and not from CSRF.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from webapp.auth.models import User
from webapp.errors import MESSAGES
from webapp.extensions import db
from webapp.units.models import Unit

ACTORS = ("anonymous", "office", "leader", "admin", "unit_own", "unit_other")
STAFF = ("office", "leader", "admin")
LOGGED_IN = (*STAFF, "unit_own", "unit_other")
UNIT_ACTORS = ("unit_own", "unit_other")

LOGIN = "login"  # expected: 302 to the login page
TARGET_UNIT = ("ANBINH", "UBND phường An Bình")
OTHER_UNIT = ("TANMAI", "UBND phường Tân Mai")
NEW_PASSWORD = "mat-khau-moi-123456"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    api: bool = False
    # What each actor gets: a status code, LOGIN, or ("redirect", location).
    expect: dict = field(default_factory=dict)
    data: dict | None = None
    # Text a successful (200) answer must contain.
    shows: str | None = None
    # Whether an allowed POST changes the users/units tables (refused ones never may).
    changes: bool = False

    def path_for(self, world) -> str:
        return self.path.format(target_id=world["target"].id)


def everyone(answer) -> dict:
    return dict.fromkeys(LOGGED_IN, answer)


def only(allowed: tuple, answer, refused=403) -> dict:
    return {actor: answer if actor in allowed else refused for actor in LOGGED_IN}


def page(method, path, expect, *, anonymous=LOGIN, **options) -> Route:
    return Route(method, path, expect={"anonymous": anonymous, **expect}, **options)


def api(path, expect, *, anonymous=401, **options) -> Route:
    return Route("GET", path, api=True, expect={"anonymous": anonymous, **expect}, **options)


ROUTES = [
    # Pages anyone logged in may open.
    page("GET", "/", everyone(200), shows='data-testid="landing-title"'),
    page("GET", "/login", everyone(("redirect", "/")), anonymous=200, shows="Đăng nhập"),
    page("GET", "/account", everyone(200), shows="Đổi mật khẩu"),
    page("GET", "/healthz", everyone(200), anonymous=200, shows="ok"),
    page("GET", "/api/openapi.json", everyone(200), anonymous=200, shows="openapi"),
    # Units.
    page("GET", "/units", only(STAFF, 200), shows=OTHER_UNIT[1]),
    page("GET", "/units/mine", {**only(UNIT_ACTORS, None),
                                "unit_own": ("redirect", "/units/ANBINH"),
                                "unit_other": ("redirect", "/units/TANMAI")}),
    page("GET", "/units/ANBINH", {**everyone(200), "unit_other": 404}, shows=TARGET_UNIT[1]),
    # Administration.
    page("GET", "/admin/users", only(("admin",), 200), shows="muc-tieu"),
    page("GET", "/admin/users/new", only(("admin",), 200), shows="Tạo tài khoản"),
    page("GET", "/admin/units/new", only(("admin",), 200), shows="Thêm đơn vị"),
    page("GET", "/admin/units/ANBINH/edit", only(("admin",), 200), shows=TARGET_UNIT[1]),
    page("GET", "/audit", only(STAFF, 200), shows='data-testid="audit-table"'),
    # Forms and actions.
    page("POST", "/login", everyone(("redirect", "/")), anonymous=("redirect", "/"),
         data={"username": "muc-tieu", "password": PASSWORD}),
    page("POST", "/logout", everyone(("redirect", "/login")), anonymous=LOGIN),
    page("POST", "/account", everyone(("redirect", "/account")), changes=True,
         data={"current_password": PASSWORD, "new_password": NEW_PASSWORD,
               "confirm": NEW_PASSWORD}),
    page("POST", "/admin/users/new", only(("admin",), ("redirect", "/admin/users")),
         changes=True, data={"username": "nguoi-moi", "display_name": "Người mới",
                             "role": "office", "unit_code": "", "password": NEW_PASSWORD}),
    page("POST", "/admin/users/{target_id}/active",
         only(("admin",), ("redirect", "/admin/users")), changes=True, data={"active": "0"}),
    page("POST", "/admin/users/{target_id}/password",
         only(("admin",), ("redirect", "/admin/users")), changes=True,
         data={"password": NEW_PASSWORD}),
    page("POST", "/admin/units/new", only(("admin",), ("redirect", "/units/PHUMY")),
         changes=True, data={"code": "PHUMY", "name": "UBND xã Phú Mỹ", "kind": "commune",
                             "parent_code": ""}),
    page("POST", "/admin/units/ANBINH/edit", only(("admin",), ("redirect", "/units/ANBINH")),
         changes=True, data={"name": "UBND phường An Bình (đổi tên)", "kind": "ward",
                             "parent_code": ""}),
    # API.
    api("/api/v1/me", everyone(200), shows='"role"'),
    api("/api/v1/units", everyone(200), shows='"code"'),
    api("/api/v1/units/ANBINH", {**everyone(200), "unit_other": 404}, shows=TARGET_UNIT[1]),
    api("/api/v1/audit?entity=unit&id=ANBINH", only(STAFF, 200), shows='"action"'),
]

CASES = [
    pytest.param(route, actor, id=f"{route.method} {route.path} [{actor}]")
    for route in ROUTES
    for actor in ACTORS
]


@pytest.fixture
def world(make_unit, make_user):
    target_unit = make_unit(*TARGET_UNIT, kind="ward")
    other_unit = make_unit(*OTHER_UNIT, kind="ward")
    actors = {
        "office": make_user("office", username="vanphong"),
        "leader": make_user("leader", username="chutich"),
        "admin": make_user("admin", username="quantri"),
        "unit_own": make_user("unit", unit=target_unit, username="anbinh"),
        "unit_other": make_user("unit", unit=other_unit, username="tanmai"),
    }
    target = make_user("office", username="muc-tieu")
    db.session.commit()
    # Give the target unit an audit trail, so the audit API has something to show.
    from webapp.units.operations import update_unit

    update_unit(None, target_unit, name=TARGET_UNIT[1], kind="ward")
    db.session.commit()
    return {"actors": actors, "target": target}


def snapshot() -> tuple:
    """Everything a POST of this matrix could change."""
    db.session.expire_all()
    users = db.session.execute(
        select(User.username, User.display_name, User.role, User.active, User.password_hash,
               User.unit_id).order_by(User.username)
    ).all()
    units = db.session.execute(
        select(Unit.code, Unit.name, Unit.kind, Unit.parent_id).order_by(Unit.code)
    ).all()
    return tuple(users), tuple(units)


def csrf_token(auth, actor: str) -> str:
    return auth.csrf_token("/login" if actor == "anonymous" else "/account")


def request_as(client, auth, api_token, world, route: Route, actor: str):
    path = route.path_for(world)
    if route.api:
        headers = {} if actor == "anonymous" else api_token(world["actors"][actor])
        db.session.commit()
        return client.get(path, headers=headers)
    if actor != "anonymous":
        assert auth.login(world["actors"][actor].username).status_code == 302
    if route.method == "GET":
        return client.get(path)
    data = {**(route.data or {}), "csrf_token": csrf_token(auth, actor)}
    return client.post(path, data=data)


def readable_body(response) -> str:
    """The body as a person reads it (JSON with its Vietnamese unescaped)."""
    if response.mimetype == "application/json":
        return json.dumps(response.json, ensure_ascii=False)
    return response.get_data(as_text=True)


def assert_answer(response, expected, route: Route, world) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")
        return
    if isinstance(expected, tuple):
        kind, location = expected
        assert (kind, response.status_code, response.location) == ("redirect", 302, location)
        return
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    if route.api or route.path.startswith("/api/"):
        assert response.mimetype == "application/json"
    body = readable_body(response)
    if expected == 200 and route.shows:
        assert route.shows in body
    if expected == 401:
        assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")
        assert response.json["error"] == MESSAGES[401]
    if expected == 403:
        assert MESSAGES[403] in body
    if expected == 404:
        assert MESSAGES[404] in body
        assert TARGET_UNIT[1] not in body


def test_every_route_and_actor_is_in_the_table():
    for route in ROUTES:
        assert set(route.expect) == set(ACTORS), f"{route.method} {route.path}"


@pytest.mark.parametrize(("route", "actor"), CASES)
def test_role_matrix(client, auth, api_token, world, route: Route, actor: str):
    before = snapshot()

    response = request_as(client, auth, api_token, world, route, actor)

    expected = route.expect[actor]
    assert_answer(response, expected, route, world)
    if route.method == "POST":
        allowed = expected not in (LOGIN, 401, 403, 404)
        if allowed and route.changes:
            assert snapshot() != before, "the allowed POST changed nothing"
        else:
            assert snapshot() == before, "a refused POST changed data"
