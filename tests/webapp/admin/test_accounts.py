"""The admin's pages: creating users, disabling them, creating and editing units."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, AuthActions
from webapp.audit.models import AuditEvent
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.units.models import Unit, UnitKind

NEW_PASSWORD = "mat-khau-ban-dau-1"


@pytest.fixture
def admin(client, auth, make_user):
    user = make_user("admin", username="quantri")
    db.session.commit()
    assert auth.login("quantri").status_code == 302
    return user


@pytest.fixture
def ward(make_unit):
    unit = make_unit("ANBINH", "UBND phường An Bình", kind="ward")
    db.session.commit()
    return unit


def user_named(username: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def unit_coded(code: str) -> Unit | None:
    db.session.expire_all()
    return db.session.scalar(select(Unit).where(Unit.code == code))


def audit_trail(entity: str, entity_id) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
            .order_by(AuditEvent.id)
        )
    )


def field_in_error(html: str, name: str) -> bool:
    return re.search(rf'class="field has-error">\s*<label for="{name}"', html) is not None


def assert_refused(response, fields: dict, message: str | None) -> None:
    """The form comes back with the message, or (for a forged choice) the field marked."""
    if message is not None:
        assert message in response.text
    else:
        assert any(field_in_error(response.text, name) for name in fields), fields


def create_user_form(client, auth, **fields):
    data = {
        "username": "chuyenvien1",
        "display_name": "Nguyễn Thị Lan",
        "role": "office",
        "unit_code": "",
        "password": NEW_PASSWORD,
        **fields,
        "csrf_token": auth.csrf_token("/admin/users/new"),
    }
    return client.post("/admin/users/new", data=data)


def unit_form(client, auth, path, **fields):
    data = {"kind": "ward", "parent_code": "", **fields, "csrf_token": auth.csrf_token(path)}
    return client.post(path, data=data)


def test_admin_creates_an_office_user(client, auth, admin):
    response = create_user_form(client, auth)

    assert response.status_code == 302
    assert response.location == "/admin/users"
    user = user_named("chuyenvien1")
    assert (user.display_name, user.role, user.unit_id, user.active) == (
        "Nguyễn Thị Lan",
        Role.OFFICE,
        None,
        True,
    )
    assert user.password_hash.startswith("$argon2id$")
    listing = client.get("/admin/users")
    assert "Đã tạo tài khoản chuyenvien1." in listing.text
    assert "Nguyễn Thị Lan" in listing.text
    [event] = audit_trail("user", user.id)
    assert (event.action, event.actor_id) == ("create", admin.id)
    assert event.after["username"] == "chuyenvien1"
    assert "password" not in repr(event.after).lower()
    client.post("/logout", data={"csrf_token": auth.csrf_token("/account")})
    assert auth.login("chuyenvien1", NEW_PASSWORD).status_code == 302


def test_admin_creates_a_unit_user_for_a_unit(client, auth, admin, ward):
    response = create_user_form(
        client, auth, username="canbo-anbinh", role="unit", unit_code="ANBINH"
    )

    assert response.status_code == 302
    user = user_named("canbo-anbinh")
    assert (user.role, user.unit.code) == (Role.UNIT, "ANBINH")


def test_duplicate_username_is_refused_and_nothing_is_created(client, auth, admin, make_user):
    existing = make_user("leader", username="chutich")
    db.session.commit()
    count = user_count()

    response = create_user_form(client, auth, username="ChuTich", display_name="Người khác")

    assert response.status_code == 422
    assert "Tên đăng nhập “chutich” đã tồn tại." in response.text
    assert user_count() == count
    assert user_named("chutich").display_name == existing.display_name


def test_over_long_display_name_is_refused_and_nothing_is_created(client, auth, admin):
    count = user_count()

    response = create_user_form(client, auth, display_name="Đ" * 121)

    assert response.status_code == 422
    assert "Họ tên tối đa 120 ký tự." in response.text
    assert user_count() == count
    assert user_named("chuyenvien1") is None


def test_display_name_of_exactly_the_limit_is_accepted(client, auth, admin):
    response = create_user_form(client, auth, display_name="Đ" * 120)

    assert response.status_code == 302
    assert user_named("chuyenvien1").display_name == "Đ" * 120


def test_unit_role_without_a_unit_is_refused(client, auth, admin):
    count = user_count()

    response = create_user_form(client, auth, role="unit", unit_code="")

    assert response.status_code == 422
    assert "Tài khoản đơn vị cần mã đơn vị có thật" in response.text
    assert user_count() == count


def test_staff_role_with_a_unit_is_refused(client, auth, admin, ward):
    response = create_user_form(client, auth, role="leader", unit_code="ANBINH")

    assert response.status_code == 422
    assert "Chỉ tài khoản đơn vị mới gắn với một đơn vị." in response.text
    assert user_named("chuyenvien1") is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "Nguyễn Văn A"}, "Tên đăng nhập chỉ gồm chữ thường không dấu"),
        ({"password": "ngan"}, "Mật khẩu phải có từ 8 đến 256 ký tự."),
        ({"role": "superuser"}, None),
        ({"username": ""}, "Vui lòng nhập trường này."),
    ],
    ids=["username-with-spaces-and-accents", "short-password", "unknown-role", "no-username"],
)
def test_invalid_user_fields_are_refused(client, auth, admin, fields, message):
    count = user_count()

    response = create_user_form(client, auth, **fields)

    assert response.status_code == 422
    assert_refused(response, fields, message)
    assert user_count() == count


def test_disabling_a_user_ends_their_session(app, client, auth, admin, make_user):
    victim = make_user("office", username="vanphong")
    db.session.commit()
    victim_browser = app.test_client()
    assert AuthActions(victim_browser).login("vanphong").status_code == 302
    assert victim_browser.get("/account").status_code == 200

    response = client.post(
        f"/admin/users/{victim.id}/active",
        data={"active": "0", "csrf_token": auth.csrf_token("/admin/users")},
    )

    assert response.status_code == 302
    assert "Đã khóa tài khoản vanphong." in client.get("/admin/users").text
    assert user_named("vanphong").active is False
    after = victim_browser.get("/account")
    assert after.status_code == 302
    assert after.location.startswith("/login")
    refused = AuthActions(victim_browser).login("vanphong")
    assert refused.status_code == 401
    assert "đã bị khóa" in refused.text
    [event] = [e for e in audit_trail("user", victim.id) if e.action == "disable"]
    assert (event.before["active"], event.after["active"]) == (True, False)


def test_admin_cannot_disable_themself(client, auth, admin):
    response = client.post(
        f"/admin/users/{admin.id}/active",
        data={"active": "0", "csrf_token": auth.csrf_token("/admin/users")},
    )

    assert response.status_code == 302
    assert "Không thể tự khóa tài khoản của chính mình." in client.get("/admin/users").text
    assert user_named("quantri").active is True


def test_enabling_a_disabled_user_lets_them_log_in_again(app, client, auth, admin, make_user):
    victim = make_user("office", username="vanphong", active=False)
    db.session.commit()

    client.post(
        f"/admin/users/{victim.id}/active",
        data={"active": "1", "csrf_token": auth.csrf_token("/admin/users")},
    )

    assert user_named("vanphong").active is True
    assert AuthActions(app.test_client()).login("vanphong").status_code == 302


def test_admin_resets_a_password_and_ends_that_users_sessions(app, client, auth, admin, make_user):
    make_user("office", username="vanphong")
    db.session.commit()
    victim_browser = app.test_client()
    AuthActions(victim_browser).login("vanphong")
    victim_id = user_named("vanphong").id

    response = client.post(
        f"/admin/users/{victim_id}/password",
        data={"password": NEW_PASSWORD, "csrf_token": auth.csrf_token("/admin/users")},
    )

    assert response.status_code == 302
    assert victim_browser.get("/account").status_code == 302
    fresh = AuthActions(app.test_client())
    assert fresh.login("vanphong", PASSWORD).status_code == 401
    assert fresh.login("vanphong", NEW_PASSWORD).status_code == 302


def test_password_reset_too_short_is_refused(client, auth, admin, make_user):
    victim = make_user("office", username="vanphong")
    db.session.commit()
    hash_before = victim.password_hash

    client.post(
        f"/admin/users/{victim.id}/password",
        data={"password": "ngan", "csrf_token": auth.csrf_token("/admin/users")},
    )

    assert "Mật khẩu phải có từ 8 đến 256 ký tự." in client.get("/admin/users").text
    assert user_named("vanphong").password_hash == hash_before


def test_unknown_user_id_answers_404(client, auth, admin):
    response = client.post(
        "/admin/users/999999/active",
        data={"active": "0", "csrf_token": auth.csrf_token("/admin/users")},
    )

    assert response.status_code == 404


def test_admin_creates_a_unit_and_it_is_audited(client, auth, admin, make_unit):
    make_unit("PTP", "Phòng Tư pháp", kind="department")
    db.session.commit()

    response = unit_form(
        client,
        auth,
        "/admin/units/new",
        code="PHUMY",
        name="UBND xã Phú Mỹ",
        kind="commune",
        parent_code="PTP",
    )

    assert response.status_code == 302
    assert response.location == "/units/PHUMY"
    unit = unit_coded("PHUMY")
    assert (unit.name, unit.kind, unit.parent.code) == ("UBND xã Phú Mỹ", UnitKind.COMMUNE, "PTP")
    assert "UBND xã Phú Mỹ" in client.get("/units/PHUMY").text
    [event] = audit_trail("unit", "PHUMY")
    assert (event.action, event.actor_id, event.before) == ("create", admin.id, None)
    assert event.after == {
        "code": "PHUMY",
        "name": "UBND xã Phú Mỹ",
        "kind": "commune",
        "parent_code": "PTP",
    }


def test_duplicate_unit_code_is_refused(client, auth, admin, ward):
    response = unit_form(client, auth, "/admin/units/new", code="ANBINH", name="Trùng mã")

    assert response.status_code == 422
    assert "Mã đơn vị “ANBINH” đã tồn tại." in response.text
    assert unit_coded("ANBINH").name == "UBND phường An Bình"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "A B", "name": "Tên"}, "Mã đơn vị chỉ gồm chữ không dấu"),
        ({"code": "X" * 33, "name": "Tên"}, "Mã đơn vị tối đa 32 ký tự."),
        ({"code": "HOPLE", "name": "T" * 201}, "Tên đơn vị tối đa 200 ký tự."),
        ({"code": "HOPLE", "name": "Tên", "kind": "province"}, None),
    ],
    ids=["code-with-space", "long-code", "long-name", "unknown-kind"],
)
def test_invalid_unit_fields_are_refused(client, auth, admin, fields, message):
    count = db.session.scalar(select(func.count()).select_from(Unit))

    response = unit_form(client, auth, "/admin/units/new", **fields)

    assert response.status_code == 422
    assert_refused(response, fields, message)
    assert db.session.scalar(select(func.count()).select_from(Unit)) == count


def test_admin_edits_a_unit_and_the_change_is_audited(client, auth, admin, ward, make_unit):
    make_unit("PTP", "Phòng Tư pháp", kind="department")
    db.session.commit()

    form_page = client.get("/admin/units/ANBINH/edit")
    response = unit_form(
        client,
        auth,
        "/admin/units/ANBINH/edit",
        code="DOI-MA",
        name="UBND phường An Bình mới",
        parent_code="PTP",
    )

    assert 'value="ANBINH"' in form_page.text and "readonly" in form_page.text
    assert response.status_code == 302
    assert response.location == "/units/ANBINH"
    unit = unit_coded("ANBINH")
    assert (unit.code, unit.name, unit.parent.code) == ("ANBINH", "UBND phường An Bình mới", "PTP")
    assert unit_coded("DOI-MA") is None
    [event] = audit_trail("unit", "ANBINH")
    assert (event.action, event.actor_id) == ("update", admin.id)
    assert event.before == {
        "code": "ANBINH",
        "name": "UBND phường An Bình",
        "kind": "ward",
        "parent_code": None,
    }
    assert event.after == {
        "code": "ANBINH",
        "name": "UBND phường An Bình mới",
        "kind": "ward",
        "parent_code": "PTP",
    }


def test_editing_an_unknown_unit_answers_404(client, auth, admin):
    assert client.get("/admin/units/KHONGCO/edit").status_code == 404


@pytest.mark.parametrize("new_parent", ["ANBINH", "KHUPHO1", "TO1"])
def test_a_unit_cannot_be_placed_under_itself_or_its_descendants(
    client, auth, admin, ward, make_unit, new_parent
):
    child = make_unit("KHUPHO1", "Khu phố 1", kind="ward", parent=ward)
    make_unit("TO1", "Tổ 1", kind="ward", parent=child)
    db.session.commit()

    response = unit_form(
        client, auth, "/admin/units/ANBINH/edit", name="UBND phường An Bình", parent_code=new_parent
    )

    assert response.status_code == 422
    assert "Một đơn vị không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó." in response.text
    assert unit_coded("ANBINH").parent is None
    assert not audit_trail("unit", "ANBINH")


def test_moving_a_unit_under_a_sibling_is_allowed(client, auth, admin, ward, make_unit):
    make_unit("TANMAI", "UBND phường Tân Mai", kind="ward")
    db.session.commit()

    response = unit_form(
        client, auth, "/admin/units/ANBINH/edit", name="UBND phường An Bình", parent_code="TANMAI"
    )

    assert response.status_code == 302
    assert unit_coded("ANBINH").parent.code == "TANMAI"
