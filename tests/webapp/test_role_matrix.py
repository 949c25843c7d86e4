"""Who may reach what: every route × every kind of actor, exact answers.

The target objects are unit ANBINH, user "muc-tieu" and one finished dossier import. "unit_own"
works for ANBINH, "unit_other" for TANMAI; both units have figures and findings for 2024-01.
Pages are driven through a logged-in browser session; the API with a bearer token. Every POST
carries a valid CSRF token, so a refusal comes from the role check and not from CSRF.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from webapp.auth.models import User
from webapp.errors import CSRF_MESSAGE, MESSAGES
from webapp.extensions import db
from webapp.imports.models import ImportRun
from webapp.imports.operations import import_file
from webapp.stats.models import Dossier
from webapp.units.models import Unit

ACTORS = ("anonymous", "office", "leader", "admin", "unit_own", "unit_other")
STAFF = ("office", "leader", "admin")
LOGGED_IN = (*STAFF, "unit_own", "unit_other")
UNIT_ACTORS = ("unit_own", "unit_other")
IMPORTERS = ("office", "admin")
IMPORT_READERS = ("office", "admin", "leader")

LOGIN = "login"  # expected: 302 to the login page
TARGET_UNIT = ("ANBINH", "UBND phường An Bình")
OTHER_UNIT = ("TANMAI", "UBND phường Tân Mai")
NEW_PASSWORD = "mat-khau-moi-123456"
# Where a successful upload sends the browser: the page of the import run it created.
NEW_RUN_PAGE = ("redirect", "/imports/{new_run_id}")
# What a refused import upload answers through the API (a domain refusal, in its own words).
IMPORT_REFUSED = "Chỉ Văn phòng và quản trị hệ thống được nhập số liệu."

DOSSIER_HEADER = (
    "dossier_code",
    "unit_code",
    "procedure_code",
    "channel",
    "received_at",
    "due_at",
    "returned_at",
    "finished_at",
)


def dossiers_csv(*rows: tuple) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([DOSSIER_HEADER, *rows])
    return out.getvalue().encode()


def on_time_and_closed_late(unit_code: str, prefix: str) -> list[tuple]:
    """One dossier finished on time, one returned on time but closed late: 50 %, forgot to close."""
    return [
        (
            f"{prefix}-1",
            unit_code,
            "1.000001",
            "online",
            "02/01/2024 08:00",
            "10/01/2024 17:00",
            "05/01/2024 10:00",
            "05/01/2024 10:00",
        ),
        (
            f"{prefix}-2",
            unit_code,
            "1.000001",
            "online",
            "03/01/2024 08:00",
            "11/01/2024 17:00",
            "10/01/2024 09:00",
            "15/01/2024 09:00",
        ),
    ]


WORLD_DOSSIERS = dossiers_csv(
    *on_time_and_closed_late(TARGET_UNIT[0], "HS-AB"),
    *on_time_and_closed_late(OTHER_UNIT[0], "HS-TM"),
)
UPLOADED_DOSSIERS = (
    "ho-so-moi.csv",
    dossiers_csv(
        (
            "HS-MOI-1",
            TARGET_UNIT[0],
            "1.000001",
            "direct",
            "20/01/2024 08:00",
            "29/01/2024 17:00",
            "",
            "25/01/2024 10:00",
        )
    ),
)


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
    # Whether an allowed POST changes the users/units/imports tables (refused ones never may).
    changes: bool = False
    # A file sent with the POST as "file": (file name, bytes).
    upload: tuple[str, bytes] | None = None
    # The unit the route is about: a 404 must not name it.
    about: tuple[str, str] = TARGET_UNIT
    # Whether a unit user's 200 answer must name no other unit than its own.
    scoped: bool = False
    # What a 403 answer says.
    refusal: str = MESSAGES[403]

    def path_for(self, world) -> str:
        return self.path.format(target_id=world["target"].id, run_id=world["run"].id)

    def form_for(self) -> dict:
        data = dict(self.data or {})
        if self.upload is not None:
            name, content = self.upload
            data["file"] = (io.BytesIO(content), name)
        return data


def everyone(answer) -> dict:
    return dict.fromkeys(LOGGED_IN, answer)


def only(allowed: tuple, answer, refused=403) -> dict:
    return {actor: answer if actor in allowed else refused for actor in LOGGED_IN}


def page(method, path, expect, *, anonymous=LOGIN, **options) -> Route:
    return Route(method, path, expect={"anonymous": anonymous, **expect}, **options)


def api(path, expect, *, anonymous=401, method="GET", **options) -> Route:
    return Route(method, path, api=True, expect={"anonymous": anonymous, **expect}, **options)


ROUTES = [
    # Pages anyone logged in may open.
    page("GET", "/", everyone(200), shows='data-testid="landing-title"'),
    page("GET", "/login", everyone(("redirect", "/")), anonymous=200, shows="Đăng nhập"),
    page("GET", "/account", everyone(200), shows="Đổi mật khẩu"),
    page("GET", "/healthz", everyone(200), anonymous=200, shows="ok"),
    page("GET", "/api/openapi.json", everyone(200), anonymous=200, shows="openapi"),
    # Units.
    page("GET", "/units", only(STAFF, 200), shows=OTHER_UNIT[1]),
    page(
        "GET",
        "/units/mine",
        {
            **only(UNIT_ACTORS, None),
            "unit_own": ("redirect", "/units/ANBINH"),
            "unit_other": ("redirect", "/units/TANMAI"),
        },
    ),
    page("GET", "/units/ANBINH", {**everyone(200), "unit_other": 404}, shows=TARGET_UNIT[1]),
    # Administration.
    page("GET", "/admin/users", only(("admin",), 200), shows="muc-tieu"),
    page("GET", "/admin/users/new", only(("admin",), 200), shows="Tạo tài khoản"),
    page("GET", "/admin/units/new", only(("admin",), 200), shows="Thêm đơn vị"),
    page("GET", "/admin/units/ANBINH/edit", only(("admin",), 200), shows=TARGET_UNIT[1]),
    page("GET", "/audit", only(STAFF, 200), shows='data-testid="audit-table"'),
    # Figures and findings: every role, each unit user only within its own unit.
    page("GET", "/stats", everyone(200), shows='data-testid="findings"', scoped=True),
    page(
        "GET",
        "/stats?period=2024-01",
        everyone(200),
        shows='data-testid="figures-table"',
        scoped=True,
    ),
    page(
        "GET",
        "/stats/units/ANBINH",
        {**everyone(200), "unit_other": 404},
        shows='data-testid="unit-charts"',
        scoped=True,
    ),
    page(
        "GET",
        "/stats/units/TANMAI",
        {**everyone(200), "unit_own": 404},
        shows='data-testid="unit-charts"',
        about=OTHER_UNIT,
        scoped=True,
    ),
    # Imports: the office and administrators upload; leaders see every import.
    page("GET", "/imports", only(IMPORT_READERS, 200), shows="Các lần nhập gần đây"),
    page(
        "GET", "/imports/{run_id}", only(IMPORT_READERS, 200), shows='data-testid="import-summary"'
    ),
    page("GET", "/imports/{run_id}/progress", only(IMPORT_READERS, 200), shows='"status": "done"'),
    # Forms and actions.
    page(
        "POST",
        "/login",
        everyone(("redirect", "/")),
        anonymous=("redirect", "/"),
        data={"username": "muc-tieu", "password": PASSWORD},
    ),
    page("POST", "/logout", everyone(("redirect", "/login")), anonymous=LOGIN),
    page(
        "POST",
        "/account",
        everyone(("redirect", "/account")),
        changes=True,
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    page(
        "POST",
        "/admin/users/new",
        only(("admin",), ("redirect", "/admin/users")),
        changes=True,
        data={
            "username": "nguoi-moi",
            "display_name": "Người mới",
            "role": "office",
            "unit_code": "",
            "password": NEW_PASSWORD,
        },
    ),
    page(
        "POST",
        "/admin/users/{target_id}/active",
        only(("admin",), ("redirect", "/admin/users")),
        changes=True,
        data={"active": "0"},
    ),
    page(
        "POST",
        "/admin/users/{target_id}/password",
        only(("admin",), ("redirect", "/admin/users")),
        changes=True,
        data={"password": NEW_PASSWORD},
    ),
    page(
        "POST",
        "/admin/units/new",
        only(("admin",), ("redirect", "/units/PHUMY")),
        changes=True,
        data={"code": "PHUMY", "name": "UBND xã Phú Mỹ", "kind": "commune", "parent_code": ""},
    ),
    page(
        "POST",
        "/admin/units/ANBINH/edit",
        only(("admin",), ("redirect", "/units/ANBINH")),
        changes=True,
        data={"name": "UBND phường An Bình (đổi tên)", "kind": "ward", "parent_code": ""},
    ),
    page(
        "POST",
        "/imports",
        only(IMPORTERS, NEW_RUN_PAGE),
        changes=True,
        data={"kind": "dossiers"},
        upload=UPLOADED_DOSSIERS,
    ),
    # API.
    api("/api/v1/me", everyone(200), shows='"role"'),
    api("/api/v1/units", everyone(200), shows='"code"'),
    api("/api/v1/units/ANBINH", {**everyone(200), "unit_other": 404}, shows=TARGET_UNIT[1]),
    api("/api/v1/audit?entity=unit&id=ANBINH", only(STAFF, 200), shows='"action"'),
    api("/api/v1/stats?period=2024-01", everyone(200), shows='"unit_code"', scoped=True),
    api("/api/v1/findings?period=2024-01", everyone(200), shows='"rule"', scoped=True),
    api(
        "/api/v1/imports",
        only(IMPORTERS, 201),
        method="POST",
        changes=True,
        data={"kind": "dossiers"},
        upload=UPLOADED_DOSSIERS,
        shows='"status": "done"',
        refusal=IMPORT_REFUSED,
    ),
    api("/api/v1/imports/{run_id}", only(IMPORT_READERS, 200), shows='"rows_added": 4'),
]

CASES = [
    pytest.param(route, actor, id=f"{route.method} {route.path} [{actor}]")
    for route in ROUTES
    for actor in ACTORS
]


@pytest.fixture
def world(make_unit, make_user, tmp_path):
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
    # Figures and findings for both units, through the real importer.
    run = import_world_dossiers(tmp_path)
    db.session.commit()
    return {"actors": actors, "target": target, "run": run}


def import_world_dossiers(folder) -> ImportRun:
    path = folder / "ho-so-thang-01.csv"
    path.write_bytes(WORLD_DOSSIERS)
    return import_file(None, "dossiers", path, path.name)


def snapshot() -> tuple:
    """Everything a POST of this matrix could change."""
    db.session.expire_all()
    users = db.session.execute(
        select(
            User.username,
            User.display_name,
            User.role,
            User.active,
            User.password_hash,
            User.unit_id,
        ).order_by(User.username)
    ).all()
    units = db.session.execute(
        select(Unit.code, Unit.name, Unit.kind, Unit.parent_id).order_by(Unit.code)
    ).all()
    runs = db.session.execute(select(ImportRun.id, ImportRun.status).order_by(ImportRun.id)).all()
    dossiers = db.session.scalars(select(Dossier.code).order_by(Dossier.code)).all()
    return tuple(users), tuple(units), tuple(runs), tuple(dossiers)


def newest_run_id() -> int | None:
    return db.session.scalar(select(func.max(ImportRun.id)))


def resolved(expected):
    """The expected answer, with the id of the import run a POST created filled in."""
    if isinstance(expected, tuple) and "{new_run_id}" in expected[1]:
        kind, location = expected
        return kind, location.format(new_run_id=newest_run_id())
    return expected


def csrf_token(auth, actor: str) -> str:
    return auth.csrf_token("/login" if actor == "anonymous" else "/account")


def request_as(client, auth, api_token, world, route: Route, actor: str):
    path = route.path_for(world)
    if route.api:
        headers = {} if actor == "anonymous" else api_token(world["actors"][actor])
        db.session.commit()
        if route.method == "GET":
            return client.get(path, headers=headers)
        return client.post(path, headers=headers, data=route.form_for())
    if actor != "anonymous":
        assert auth.login(world["actors"][actor].username).status_code == 302
    if route.method == "GET":
        return client.get(path)
    data = {**route.form_for(), "csrf_token": csrf_token(auth, actor)}
    return client.post(path, data=data)


def readable_body(response) -> str:
    """The body as a person reads it (JSON with its Vietnamese unescaped)."""
    if response.mimetype == "application/json":
        return json.dumps(response.json, ensure_ascii=False)
    return response.get_data(as_text=True)


def assert_answer(response, expected, route: Route, world, actor: str) -> None:
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
    if expected in (200, 201) and route.shows:
        assert route.shows in body
    if expected == 200 and route.scoped and actor in UNIT_ACTORS:
        others = OTHER_UNIT if actor == "unit_own" else TARGET_UNIT
        assert others[0] not in body and others[1] not in body, "another unit's data was shown"
    if expected == 401:
        assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")
        assert response.json["error"] == MESSAGES[401]
    if expected == 403:
        assert route.refusal in body
    if expected == 404:
        assert MESSAGES[404] in body
        assert route.about[1] not in body


def test_every_route_and_actor_is_in_the_table():
    for route in ROUTES:
        assert set(route.expect) == set(ACTORS), f"{route.method} {route.path}"


@pytest.mark.parametrize(("route", "actor"), CASES)
def test_role_matrix(client, auth, api_token, world, route: Route, actor: str):
    before = snapshot()

    response = request_as(client, auth, api_token, world, route, actor)

    expected = resolved(route.expect[actor])
    assert_answer(response, expected, route, world, actor)
    if route.method == "POST":
        allowed = expected not in (LOGIN, 401, 403, 404)
        if allowed and route.changes:
            assert snapshot() != before, "the allowed POST changed nothing"
        else:
            assert snapshot() == before, "a refused POST changed data"


def test_import_upload_without_csrf_token_is_refused_and_imports_nothing(client, auth, world):
    route = next(r for r in ROUTES if (r.method, r.path, r.api) == ("POST", "/imports", False))
    assert auth.login("vanphong").status_code == 302
    before = snapshot()

    response = client.post(route.path, data=route.form_for())

    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert snapshot() == before
