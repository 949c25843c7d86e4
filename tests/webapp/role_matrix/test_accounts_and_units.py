"""Role matrix: the landing page, logging in and out, the account, units, users and the audit."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.webapp.role_matrix.matrix import (
    STAFF,
    UNIT_ACTORS,
    Route,
    api,
    cases,
    check_route,
    everyone,
    only,
    page,
)
from tests.webapp.role_matrix.world import OTHER_UNIT, TARGET_UNIT

NEW_PASSWORD = "mat-khau-moi-123456"
ADMIN = ("admin",)

ROUTES = [
    page("GET", "/", everyone(200), shows='data-testid="landing-title"'),
    page("GET", "/login", everyone(("redirect", "/")), anonymous=200, shows="Đăng nhập"),
    page(
        "POST",
        "/login",
        everyone(("redirect", "/")),
        anonymous=("redirect", "/"),
        data={"username": "muc-tieu", "password": PASSWORD},
    ),
    page("POST", "/logout", everyone(("redirect", "/login")), changes=True),
    page("GET", "/account", everyone(200), shows="Đổi mật khẩu"),
    page(
        "POST",
        "/account",
        everyone(("redirect", "/account")),
        changes=True,
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    # Everyone chooses how their own notifications are e-mailed.
    page(
        "POST",
        "/account/notifications",
        everyone(("redirect", "/account")),
        changes=True,
        data={"mail-email_frequency": "daily"},
    ),
    page("GET", "/healthz", everyone(200), anonymous=200, shows="ok"),
    page("GET", "/api/openapi.json", everyone(200), anonymous=200, shows="openapi"),
    # Units: staff see them all, a unit user its own unit only.
    page("GET", "/units", only(STAFF, 200), shows=OTHER_UNIT[1]),
    page(
        "GET",
        "/units/mine",
        {
            **only(UNIT_ACTORS, None),
            "unit_own": ("redirect", "/units/ANBINH"),
            "unit_other": ("redirect", "/units/TANTIEN"),
        },
    ),
    page("GET", "/units/ANBINH", {**everyone(200), "unit_other": 404}, shows=TARGET_UNIT[1]),
    page(
        "GET",
        "/units/TANTIEN",
        {**everyone(200), "unit_own": 404},
        shows=OTHER_UNIT[1],
        about=OTHER_UNIT,
    ),
    page("GET", "/units/KHONGCO", {**everyone(404)}, about=("KHONGCO", "KHONGCO")),
    # Administration: the admin alone.
    page("GET", "/admin/users", only(ADMIN, 200), shows="muc-tieu"),
    page("GET", "/admin/users/new", only(ADMIN, 200), shows="Tạo tài khoản"),
    page(
        "POST",
        "/admin/users/new",
        only(ADMIN, ("redirect", "/admin/users")),
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
        "/admin/users/{target}/active",
        only(ADMIN, ("redirect", "/admin/users")),
        changes=True,
        data={"active": "0"},
    ),
    page(
        "POST",
        "/admin/users/{target}/password",
        only(ADMIN, ("redirect", "/admin/users")),
        changes=True,
        data={"password": NEW_PASSWORD},
    ),
    page("GET", "/admin/signers", only(ADMIN, 200), shows="Lê Thị Thanh Hương"),
    page("GET", "/admin/signers/{signer}/certificate", only(ADMIN, 200), shows="Nạp chứng thư"),
    page(
        "POST",
        "/admin/signers/{signer}/certificate",
        only(ADMIN, ("redirect", "/admin/signers")),
        changes=True,
        data={"password": "{p12_password}"},
        files=(("p12", "gia-han.p12", "renewal_p12"),),
    ),
    page("GET", "/admin/units/new", only(ADMIN, 200), shows="Thêm đơn vị"),
    page(
        "POST",
        "/admin/units/new",
        only(ADMIN, ("redirect", "/units/PHUMY")),
        changes=True,
        data={"code": "PHUMY", "name": "UBND xã Phú Mỹ", "kind": "commune", "parent_code": ""},
    ),
    page("GET", "/admin/units/ANBINH/edit", only(ADMIN, 200), shows=TARGET_UNIT[1]),
    page(
        "POST",
        "/admin/units/ANBINH/edit",
        only(ADMIN, ("redirect", "/units/ANBINH")),
        changes=True,
        data={"name": "UBND phường An Bình (đổi tên)", "kind": "ward", "parent_code": ""},
    ),
    page("GET", "/audit", only(STAFF, 200), shows='data-testid="audit-table"'),
    # The same through the API.
    api("/api/v1/me", everyone(200), shows='"role"'),
    api("/api/v1/units", everyone(200), shows='"code"'),
    api("/api/v1/units/ANBINH", {**everyone(200), "unit_other": 404}, shows=TARGET_UNIT[1]),
    api(
        "/api/v1/units/TANTIEN",
        {**everyone(200), "unit_own": 404},
        shows=OTHER_UNIT[1],
        about=OTHER_UNIT,
    ),
    api("/api/v1/audit?entity=unit&id=ANBINH", only(STAFF, 200), shows='"action"'),
]


@pytest.mark.parametrize(("route", "actor"), cases(ROUTES))
def test_role_matrix(client, auth, world, route: Route, actor: str):
    check_route(client, auth, world, route, actor)
