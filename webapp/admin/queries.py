"""Read user accounts for the admin."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.admin.policies import ADMINISTRATORS
from webapp.auth.models import User
from webapp.extensions import db
from webapp.security import require_role


def all_users(actor: User) -> list[User]:
    """Return every account, staff first, then unit users by unit."""
    require_role(actor, *ADMINISTRATORS)
    stmt = select(User).options(selectinload(User.unit)).order_by(User.role, User.username)
    return list(db.session.scalars(stmt))


def user_or_404(actor: User, user_id: int) -> User:
    """Return one account for the admin, or 404."""
    require_role(actor, *ADMINISTRATORS)
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user
