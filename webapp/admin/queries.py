"""Read user accounts for the admin."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.admin.policies import ADMINISTRATORS
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.security import require_role
from webapp.units.models import Unit

PAGE_SIZE = 50
ACTIVE, LOCKED = "active", "locked"
STATE_CHOICES = {ACTIVE: "Đang hoạt động", LOCKED: "Đã khóa"}
SEARCH_MAX = 100


@dataclass(frozen=True)
class UserFilters:
    """What the account list is narrowed to; an empty value narrows nothing."""

    text: str = ""  # words found in the name, user name, e-mail or unit, accents or not
    role: str = ""
    state: str = ""

    def as_query(self) -> dict:
        """Return the filters as the page's query string keeps them across pages."""
        query = {"q": self.text, "role": self.role, "state": self.state}
        return {key: value for key, value in query.items() if value}


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    total: int
    page: int
    pages: int


def search_key(text: str) -> str:
    """Return text without case or accents, for matching: "Tân Tiến" and "tan tien" agree."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def find_users(actor: User, filters: UserFilters, page: int = 1) -> UserPage:
    """Return one page of the accounts that match, staff first, then unit users, by user name."""
    require_role(actor, *ADMINISTRATORS)
    stmt = (
        select(User.id, User.username, User.display_name, User.email, Unit.name, Unit.code)
        .outerjoin(Unit, User.unit_id == Unit.id)
        .order_by(User.role, User.username)
    )
    if filters.role:
        stmt = stmt.where(User.role == Role(filters.role))
    if filters.state:
        stmt = stmt.where(User.active.is_(filters.state == ACTIVE))
    rows = db.session.execute(stmt).all()
    if filters.text:
        # Matching without accents is the same on SQLite and PostgreSQL when done here; the
        # columns read are short, and even a city's few thousand accounts are read at once.
        words = search_key(filters.text).split()
        rows = [row for row in rows if _matches(words, row[1:])]
    total = len(rows)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    ids = [row.id for row in rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    found = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_(ids)).options(selectinload(User.unit))
        )
    }
    return UserPage([found[user_id] for user_id in ids], total, page, pages)


def _matches(words: list[str], fields) -> bool:
    haystack = search_key(" ".join(value or "" for value in fields))
    return all(word in haystack for word in words)


def user_or_404(actor: User, user_id: int) -> User:
    """Return one account for the admin, or 404."""
    require_role(actor, *ADMINISTRATORS)
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user
