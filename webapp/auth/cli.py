"""`flask users ...`: create users and API tokens."""

from __future__ import annotations

import secrets

import click
from sqlalchemy import select

from webapp.auth.models import Role, User
from webapp.auth.operations import create_user, issue_api_token, revoke_api_tokens
from webapp.cli import CommandError
from webapp.extensions import db
from workflows.errors import DomainError


@click.group("users", help="Quản lý tài khoản người dùng.")
def users() -> None:
    pass


@users.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--unit", "unit_code", help="Mã đơn vị (bắt buộc với vai trò unit).")
@click.option("--password", help="Mật khẩu; bỏ trống để sinh ngẫu nhiên và in ra.")
@click.option("--name", "display_name", help="Họ tên hiển thị (mặc định: tên đăng nhập).")
@click.option("--email", default="", help="Thư điện tử nhận thông báo (khi có cấu hình SMTP).")
def create(
    username: str,
    role: str,
    unit_code: str | None,
    password: str | None,
    display_name: str | None,
    email: str,
) -> None:
    """Create a user."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        user = create_user(
            None,
            username=username,
            display_name=display_name or username,
            role=role,
            password=password,
            unit_code=unit_code,
            email=email,
        )
        db.session.commit()
    except DomainError as refused:
        db.session.rollback()
        raise CommandError.from_domain(refused) from None
    click.echo(
        f"Đã tạo tài khoản {user.username} ({user.role.value})"
        + (f", mật khẩu: {password}" if generated else "")
    )


@users.command("token")
@click.argument("username")
def token(username: str) -> None:
    """Print a new API token for the user."""
    user = _user_or_fail(username)
    try:
        value = issue_api_token(None, user)
        db.session.commit()
    except DomainError as refused:
        db.session.rollback()
        raise CommandError.from_domain(refused) from None
    click.echo(value)


@users.command("revoke-tokens")
@click.argument("username")
def revoke_tokens(username: str) -> None:
    """Revoke every API token of the user."""
    user = _user_or_fail(username)
    count = revoke_api_tokens(None, user)
    db.session.commit()
    click.echo(f"Đã thu hồi {count} mã truy cập của {user.username}.")


def _user_or_fail(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise CommandError(f"Không có tài khoản “{username}”.")
    return user
