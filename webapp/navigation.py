"""The navigation each role sees."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, url_for

from webapp.auth.models import Role, User


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: tuple[Role, ...]

    @property
    def url(self) -> str:
        return url_for(self.endpoint)


NAV_ITEMS = (
    NavItem("Tổng quan", "main.home", tuple(Role)),
    NavItem("Số liệu", "stats.dashboard", tuple(Role)),
    NavItem("Nhập số liệu", "imports.index", (Role.OFFICE, Role.ADMIN)),
    NavItem("Đơn vị", "units.index", (Role.OFFICE, Role.LEADER, Role.ADMIN)),
    NavItem("Đơn vị của tôi", "units.mine", (Role.UNIT,)),
    NavItem("Văn bản", "directives.index", (Role.OFFICE, Role.LEADER, Role.ADMIN)),
    NavItem("Sổ văn bản đi", "register.index", (Role.OFFICE, Role.LEADER, Role.ADMIN)),
    NavItem("Hộp việc", "board.leader_inbox", (Role.LEADER,)),
    NavItem("Theo dõi thực hiện", "board.tracking", (Role.OFFICE, Role.LEADER, Role.ADMIN)),
    NavItem("Nhiệm vụ", "tasks.index", (Role.UNIT,)),
    NavItem("Thông báo", "notifications.index", tuple(Role)),
    NavItem("Tài khoản người dùng", "admin.users", (Role.ADMIN,)),
    NavItem("Nhật ký hệ thống", "audit.index", (Role.ADMIN, Role.OFFICE, Role.LEADER)),
)


def navigation(user: User) -> list[NavItem]:
    """Return the menu entries for the user's role, in order."""
    return [item for item in NAV_ITEMS if user.role in item.roles]


def register_navigation(app: Flask) -> None:
    """Make navigation() available in every template."""
    app.jinja_env.globals["navigation"] = navigation
