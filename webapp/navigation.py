"""The navigation each role sees."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, url_for

from webapp.admin.policies import ADMINISTRATORS
from webapp.auth.models import Role, User
from webapp.grounds.policies import GROUND_KEEPERS
from webapp.imports.policies import IMPORT_ROLES
from webapp.main.todo import todo_total
from webapp.notifications.operations import unread_count
from webapp.security import STAFF_ROLES
from webapp.signers.policies import CERTIFICATE_KEEPERS
from webapp.tasks.policies import DECIDERS


@dataclass(frozen=True)
class NavItem:
    """A menu entry and the roles its page lets in (the same tuples the page's guard names)."""

    label: str
    endpoint: str
    roles: tuple[Role, ...]
    # What its badge counts ("todo": what waits for the user, "unread": unread notifications).
    counts: str = ""

    @property
    def url(self) -> str:
        return url_for(self.endpoint)


NAV_ITEMS = (
    NavItem("Việc cần làm", "main.home", tuple(Role), counts="todo"),
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
    NavItem("Thông báo", "notifications.index", tuple(Role), counts="unread"),
    NavItem("Tài khoản người dùng", "admin.users", ADMINISTRATORS),
    NavItem("Người ký và chứng thư", "signers.index", CERTIFICATE_KEEPERS),
    NavItem("Nhật ký hệ thống", "audit.index", STAFF_ROLES),
)


def navigation(user: User) -> list[NavItem]:
    """Return the menu entries for the user's role, in order."""
    return [item for item in NAV_ITEMS if user.role in item.roles]


@dataclass(frozen=True)
class Badge:
    """A menu entry's count: the number shown, and the words a screen reader says with it."""

    count: int
    words: str


def nav_badge(item: NavItem, user: User) -> Badge | None:
    """Return the entry's badge for the user, or None when it counts nothing (or nothing now)."""
    if item.counts == "todo":
        count = todo_total(user)
        return Badge(count, f"{count} việc đang chờ") if count else None
    if item.counts == "unread":
        count = unread_count(user)
        return Badge(count, f"{count} chưa đọc") if count else None
    return None


def register_navigation(app: Flask) -> None:
    """Make navigation() and the entries' badges available in every template."""
    app.jinja_env.globals["navigation"] = navigation
    app.jinja_env.globals["nav_badge"] = nav_badge
