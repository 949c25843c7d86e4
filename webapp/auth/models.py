"""Users, their API tokens, and the record of failed logins used for throttling."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.database import UTCDateTime, enum_column, utcnow
from webapp.extensions import db
from workflows.vocabulary import Role, labels

ROLE_LABELS = labels(Role)

USERNAME_MAX = 64
DISPLAY_NAME_MAX = 120
EMAIL_MAX = 254


class EmailFrequency(enum.StrEnum):
    """How often a user wants notifications by e-mail."""

    IMMEDIATE = "immediate"  # each one as it comes
    DAILY = "daily"  # one digest a day of the day's unread ones
    NEVER = "never"  # in the app only

    @property
    def label(self) -> str:
        return {
            "immediate": "Gửi ngay từng thông báo",
            "daily": "Gửi một thư tổng hợp mỗi ngày",
            "never": "Không gửi thư (chỉ xem trong ứng dụng)",
        }[self]


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # A unit user belongs to exactly one unit; other roles see every unit.
        CheckConstraint(
            "(role = 'unit' AND unit_id IS NOT NULL) OR (role <> 'unit' AND unit_id IS NULL)",
            name="unit_role_has_unit",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            native_enum=False,
            create_constraint=True,
            length=10,
            name="user_role",
            values_callable=lambda roles: [r.value for r in roles],
        )
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Where notifications are e-mailed, when SMTP is configured; may be empty.
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), default="", server_default="")
    email_frequency: Mapped[EmailFrequency] = mapped_column(
        enum_column(EmailFrequency, "email_frequency", 9),
        default=EmailFrequency.IMMEDIATE,
        server_default=EmailFrequency.IMMEDIATE.value,
    )
    # The local day the last daily digest went out: one digest a day at most.
    digest_sent_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout-everywhere and password change: older session cookies stop matching.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit = relationship("Unit")
    signer = relationship("Signer", back_populates="user", uselist=False)
    api_tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role.value}>"

    # Flask-Login: the session stores id and version together.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    def as_audit(self) -> dict:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role.value,
            "unit_code": self.unit.code if self.unit else None,
            "active": self.active,
        }


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # SHA-256 of the token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # First characters of the token, to tell tokens apart in lists.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="api_tokens")


class LoginFailure(db.Model):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The account's user name, or for a name no account has, its masked form (never as typed).
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
