"""`flask users ...`: create accounts, issue and revoke API tokens from the command line."""

from __future__ import annotations

from sqlalchemy import select

from webapp.auth.models import Role, User
from webapp.extensions import db


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def test_create_office_user_prints_confirmation_and_stores_the_user(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "chuyenvien",
            "--role",
            "office",
            "--password",
            "mat-khau-du-dai-123",
        ]
    )

    assert result.exit_code == 0, result.output
    assert "Đã tạo tài khoản chuyenvien (office)" in result.stdout
    assert "mat-khau-du-dai-123" not in result.stdout  # a given password is not echoed back
    user = _user("chuyenvien")
    assert user is not None
    assert user.role == Role.OFFICE
    assert user.unit is None


def test_create_without_password_prints_the_generated_one(runner, auth):
    result = runner.invoke(args=["users", "create", "lanhdao", "--role", "leader"])

    assert result.exit_code == 0, result.output
    assert ", mật khẩu: " in result.stdout
    password = result.stdout.strip().rsplit(", mật khẩu: ", 1)[1]
    assert auth.login("lanhdao", password).status_code == 302


def test_create_unit_user_with_its_unit(runner, make_unit):
    make_unit("ANBINH", "UBND phường An Bình")

    result = runner.invoke(
        args=[
            "users",
            "create",
            "anbinh",
            "--role",
            "unit",
            "--unit",
            "ANBINH",
            "--password",
            "mat-khau-du-dai-123",
        ]
    )

    assert result.exit_code == 0, result.output
    assert _user("anbinh").unit.code == "ANBINH"


def test_create_unit_user_without_unit_fails_with_vietnamese_message_on_stderr(runner):
    result = runner.invoke(
        args=["users", "create", "phuong", "--role", "unit", "--password", "mat-khau-du-dai-123"]
    )

    assert result.exit_code != 0
    assert result.stderr.startswith("Lỗi: Thông tin tài khoản chưa hợp lệ.")
    assert "Tài khoản đơn vị cần mã đơn vị có thật" in result.stderr
    assert result.stdout == ""
    assert _user("phuong") is None


def test_create_duplicate_username_fails(runner, make_user):
    make_user("office", username="trungten")
    db.session.commit()  # as a real earlier command would have

    result = runner.invoke(
        args=[
            "users",
            "create",
            "TrungTen",
            "--role",
            "leader",
            "--password",
            "mat-khau-du-dai-123",
        ]
    )

    assert result.exit_code != 0
    assert "Lỗi: Tên đăng nhập “trungten” đã tồn tại." in result.stderr
    [existing] = db.session.scalars(select(User).where(User.username == "trungten")).all()
    assert existing.role == Role.OFFICE


def test_token_authenticates_the_api_until_revoked(runner, client, make_user):
    user = make_user("office", username="coapi")

    issued = runner.invoke(args=["users", "token", "coapi"])

    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip()
    assert token.startswith("dd_")
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert me.json["username"] == user.username
    assert me.json["role"] == "office"

    revoked = runner.invoke(args=["users", "revoke-tokens", "coapi"])

    assert revoked.exit_code == 0, revoked.output
    assert "Đã thu hồi 1 mã truy cập của coapi." in revoked.stdout
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_token_for_unknown_user_fails_on_stderr(runner):
    result = runner.invoke(args=["users", "token", "khongco"])

    assert result.exit_code != 0
    assert "Lỗi: Không có tài khoản “khongco”." in result.stderr
    assert result.stdout == ""


def test_revoke_tokens_for_unknown_user_fails_on_stderr(runner):
    result = runner.invoke(args=["users", "revoke-tokens", "khongco"])

    assert result.exit_code != 0
    assert "Lỗi: Không có tài khoản “khongco”." in result.stderr


def test_token_for_disabled_user_is_refused(runner, make_user):
    make_user("office", username="dabikhoa", active=False)

    result = runner.invoke(args=["users", "token", "dabikhoa"])

    assert result.exit_code != 0
    assert "đang bị khóa" in result.stderr
    assert result.stdout == ""
