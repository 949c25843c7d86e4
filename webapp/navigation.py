"""The navigation each role sees."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, url_for

from webapp.admin.policies import ADMINISTRATORS
from webapp.auth.models import Role, User
from webapp.grounds.policies import GROUND_KEEPERS
from webapp.imports.policies import IMPORT_ROLES
from webapp.security import STAFF_ROLES
from webapp.tasks.policies import DECIDERS


@dataclass(frozen=True)
class NavItem:
    """A menu entry and the roles its page lets in (the same tuples the page's guard names)."""

    label: str
    endpoint: str
    roles: tuple[Role, ...]

    @property
    def url(self) -> str:
        return url_for(self.endpoint)


NAV_ITEMS = (
    NavItem("Tổng quan", "main.home", tuple(Role)),
    NavItem("Số liệu", "stats.dashboard", tuple(Role)),
    NavItem("Nhập số liệu", "imports.index", IMPORT_ROLES),
    NavItem("Đơn vị", "units.index", STAFF_ROLES),
    NavItem("Đơn vị của tôi", "units.mine", (Role.UNIT,)),
    NavItem("Văn bản", "directives.index", STAFF_ROLES),
    NavItem("Sổ văn bản đi", "register.index", STAFF_ROLES),
    NavItem("Căn cứ", "grounds.index", GROUND_KEEPERS),
    NavItem("Hộp việc", "board.leader_inbox", DECIDERS),
    NavItem("Theo dõi thực hiện", "board.tracking", STAFF_ROLES),
    NavItem("Nhiệm vụ", "tasks.index", (Role.UNIT,)),
    NavItem("Miễn trừ", "exemptions.index", tuple(Role)),
    NavItem("Thông báo", "notifications.index", tuple(Role)),
    NavItem("Tài khoản người dùng", "admin.users", ADMINISTRATORS),
    NavItem("Nhật ký hệ thống", "audit.index", STAFF_ROLES),
)


def navigation(user: User) -> list[NavItem]:
    """Return the menu entries for the user's role, in order."""
    return [item for item in NAV_ITEMS if user.role in item.roles]


def register_navigation(app: Flask) -> None:
    """Make navigation() available in every template."""
    app.jinja_env.globals["navigation"] = navigation
