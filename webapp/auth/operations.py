"""Log in and out, manage users and API tokens."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from webapp.audit.operations import client_address, record_event
from webapp.auth.models import (
    DISPLAY_NAME_MAX,
    EMAIL_MAX,
    USERNAME_MAX,
    ApiToken,
    EmailFrequency,
    LoginFailure,
    Role,
    User,
)
from webapp.auth.passwords import (
    burn_verification_time,
    hash_password,
    password_problem,
    verify_password,
)
from webapp.auth.queries import failures_since
from webapp.database import utcnow
from webapp.extensions import db
from webapp.units.models import Unit
from workflows.errors import Conflict, InvalidInput, PermissionDenied

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# One @, no spaces, a dot in the domain: enough to catch a typo, not to prove the mailbox exists.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "dd_"
# A token's last use is written at most this often, not on every request.
TOKEN_USE_RESOLUTION = timedelta(minutes=5)
# How the audit trail names a login attempt under a name no account has.
UNKNOWN_NAME_PREFIX = "tên lạ #"


class LoginRefused(Exception):
    """A login attempt failed; the message is safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalize_username(username: str) -> str:
    """Return the canonical form of a user name: trimmed, lower case."""
    return unicodedata.normalize("NFC", username or "").strip().lower()


def authenticate(username: str, password: str) -> User:
    """Return the user for these credentials, or raise LoginRefused after recording why."""
    username = normalize_username(username)[:USERNAME_MAX]
    address = client_address()
    user = db.session.scalar(select(User).where(User.username == username))
    # What the throttle and the audit trail know the attempt by: an unknown name may be a
    # password typed into the wrong field, so it is never kept as typed.
    login_name = username if user is not None else masked_login_name(username)
    _refuse_when_throttled(login_name, address)

    if user is None:
        burn_verification_time(password)
        _record_failure(login_name, address, None, "login_failed", "Tên đăng nhập không tồn tại")
        raise LoginRefused("Tên đăng nhập hoặc mật khẩu không đúng.")
    if not verify_password(user.password_hash, password):
        _record_failure(login_name, address, user, "login_failed", "Sai mật khẩu")
        raise LoginRefused("Tên đăng nhập hoặc mật khẩu không đúng.")
    if not user.active:
        record_event(user, "user", user.id, "login_refused_inactive", comment="Tài khoản bị khóa")
        raise LoginRefused("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống.")

    db.session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    user.last_login_at = utcnow()
    record_event(user, "user", user.id, "login")
    return user


def masked_login_name(username: str) -> str:
    """Return how an unknown user name is kept: a keyed digest, the same for the same name, that
    cannot be read back."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, username.encode(), hashlib.sha256).hexdigest()
    return f"{UNKNOWN_NAME_PREFIX}{digest[:12]}"


def _refuse_when_throttled(username: str, address: str) -> None:
    """Refuse a login from an address that failed too often for this account, or for any.

    Failures are counted per account and address together, so nobody can lock another person
    out by typing wrong passwords under their name: an address that never failed for an account
    is refused only when it failed too often overall. Many addresses failing for one account
    (a spread-out guessing attack) close the account to those addresses alone.
    """
    config = current_app.config
    since = failures_since(utcnow())
    for_account = LoginFailure.username == username
    from_address = LoginFailure.address == address
    by_pair, by_address, by_account = db.session.execute(
        select(
            func.count().filter(for_account & from_address),
            func.count().filter(from_address),
            func.count().filter(for_account),
        ).where(LoginFailure.failed_at >= since, for_account | from_address)
    ).one()
    if (
        by_pair >= config["LOGIN_MAX_FAILURES"]
        or by_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
        or (by_account >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] and by_pair > 0)
    ):
        record_event(
            None,
            "user",
            username,
            "login_throttled",
            actor_name=username,
            comment="Quá nhiều lần đăng nhập sai",
        )
        raise LoginRefused(
            "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau "
            f"{config['LOGIN_FAILURE_WINDOW_MINUTES']} phút."
        )


def _record_failure(username: str, address: str, user, action: str, comment: str) -> None:
    db.session.add(LoginFailure(username=username, address=address))
    record_event(
        user, "user", user.id if user else username, action, actor_name=username, comment=comment
    )


def prune_login_failures(older_than: timedelta) -> int:
    """Delete failed-login records older than the given age; return how many went."""
    result = db.session.execute(
        delete(LoginFailure).where(LoginFailure.failed_at < utcnow() - older_than)
    )
    return result.rowcount or 0


def record_logout(user: User) -> None:
    """End the user's sessions and write the logout to the audit trail.

    Sessions live in signed cookies, so a copy of the old cookie would still log in after
    logout; bumping the session version makes every earlier cookie of this user invalid.
    """
    user.session_version += 1
    record_event(user, "user", user.id, "logout")


def create_user(
    actor: User | None,
    *,
    username: str,
    display_name: str,
    role: Role | str,
    password: str,
    unit_code: str | None = None,
    email: str = "",
) -> User:
    """Create a user after checking every field; raise InvalidInput listing each problem."""
    if actor is not None and actor.role != Role.ADMIN:
        raise PermissionDenied("Chỉ quản trị hệ thống được tạo tài khoản.")
    username = normalize_username(username)
    display_name = unicodedata.normalize("NFC", display_name or "").strip()
    problems: list[dict] = []
    if not USERNAME_PATTERN.match(username) or len(username) > USERNAME_MAX:
        problems.append(
            {
                "field": "username",
                "message": "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch "
                f"ngang, gạch dưới, tối đa {USERNAME_MAX} ký tự.",
            }
        )
    elif db.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(f"Tên đăng nhập “{username}” đã tồn tại.")
    if not display_name or len(display_name) > DISPLAY_NAME_MAX:
        problems.append(
            {
                "field": "display_name",
                "message": f"Họ tên phải có từ 1 đến {DISPLAY_NAME_MAX} ký tự.",
            }
        )
    try:
        role = Role(role)
    except ValueError:
        problems.append({"field": "role", "message": f"Vai trò không hợp lệ: {role!r}."})
        role = None
    unit = None
    if role == Role.UNIT:
        unit = db.session.scalar(select(Unit).where(Unit.code == (unit_code or "")))
        if unit is None:
            problems.append(
                {
                    "field": "unit",
                    "message": f"Tài khoản đơn vị cần mã đơn vị có thật, nhận được {unit_code!r}.",
                }
            )
    elif role is not None and unit_code:
        problems.append(
            {"field": "unit", "message": "Chỉ tài khoản đơn vị mới gắn với một đơn vị."}
        )
    if problem := password_problem(password or ""):
        problems.append({"field": "password", "message": problem})
    email = (email or "").strip()
    if email and (len(email) > EMAIL_MAX or not EMAIL_PATTERN.match(email)):
        problems.append(
            {"field": "email", "message": f"Địa chỉ thư điện tử không hợp lệ: {email!r}."}
        )
    if problems:
        raise InvalidInput("Thông tin tài khoản chưa hợp lệ.", problems)

    user = User(
        username=username,
        display_name=display_name,
        role=role,
        unit=unit,
        password_hash=hash_password(password),
        email=email,
    )
    db.session.add(user)
    db.session.flush()
    record_event(actor, "user", user.id, "create", after=user.as_audit())
    return user


def set_user_active(actor: User, user: User, active: bool) -> None:
    """Enable or disable a user; disabling also ends the user's sessions and tokens."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Chỉ quản trị hệ thống được khóa hoặc mở khóa tài khoản.")
    if user.id == actor.id and not active:
        raise Conflict("Không thể tự khóa tài khoản của chính mình.")
    before = user.as_audit()
    user.active = active
    if not active:
        user.session_version += 1
        _revoke_tokens(user)
    record_event(
        actor,
        "user",
        user.id,
        "enable" if active else "disable",
        before=before,
        after=user.as_audit(),
    )


def change_password(actor: User, current_password: str, new_password: str) -> None:
    """Change the actor's own password, end every other session and revoke the API tokens."""
    if not verify_password(actor.password_hash, current_password):
        raise InvalidInput(
            "Mật khẩu hiện tại không đúng.",
            [{"field": "current_password", "message": "Mật khẩu hiện tại không đúng."}],
        )
    if problem := password_problem(new_password):
        raise InvalidInput(problem, [{"field": "new_password", "message": problem}])
    actor.password_hash = hash_password(new_password)
    actor.session_version += 1
    revoked = _revoke_tokens(actor)
    record_event(actor, "user", actor.id, "change_password", comment=_revoked_note(revoked))


def set_email_frequency(actor: User, frequency: str) -> None:
    """Choose how one's own notifications are e-mailed: at once, in a daily digest, or never."""
    try:
        chosen = EmailFrequency(frequency)
    except ValueError:
        raise InvalidInput(
            "Cách nhận thư không hợp lệ.",
            [{"field": "email_frequency", "message": "Chọn một trong các cách nhận thư."}],
        ) from None
    before = actor.email_frequency
    if before == chosen:
        return
    actor.email_frequency = chosen
    record_event(
        actor,
        "user",
        actor.id,
        "email_frequency",
        before={"email_frequency": before.value if before else None},
        after={"email_frequency": chosen.value},
    )


def reset_password(actor: User, user: User, new_password: str) -> None:
    """Set another user's password (admin), end that user's sessions and revoke the tokens."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Chỉ quản trị hệ thống được đặt lại mật khẩu.")
    if problem := password_problem(new_password):
        raise InvalidInput(problem, [{"field": "password", "message": problem}])
    user.password_hash = hash_password(new_password)
    user.session_version += 1
    revoked = _revoke_tokens(user)
    record_event(actor, "user", user.id, "reset_password", comment=_revoked_note(revoked))


def _revoked_note(count: int) -> str:
    return f"Thu hồi {count} mã truy cập API" if count else ""


def issue_api_token(actor: User | None, user: User) -> str:
    """Create an API token for the user and return it; only its hash is stored."""
    if actor is not None and actor.role != Role.ADMIN and actor.id != user.id:
        raise PermissionDenied("Chỉ được tạo mã truy cập cho chính mình.")
    if not user.active:
        raise Conflict(f"Tài khoản “{user.username}” đang bị khóa.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user=user, token_hash=_token_hash(token), prefix=token[:12])
    db.session.add(record)
    db.session.flush()
    record_event(
        actor,
        "api_token",
        record.id,
        "create",
        after={"user": user.username, "prefix": record.prefix},
    )
    return token


def revoke_api_tokens(actor: User | None, user: User) -> int:
    """Revoke every live token of the user; return how many."""
    if actor is not None and actor.role != Role.ADMIN and actor.id != user.id:
        raise PermissionDenied("Chỉ được thu hồi mã truy cập của chính mình.")
    count = _revoke_tokens(user)
    record_event(actor, "user", user.id, "revoke_api_tokens", comment=f"{count} mã")
    return count


def _revoke_tokens(user: User) -> int:
    result = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def user_for_token(token: str) -> User | None:
    """Return the active user owning a live token, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    record = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None)
        )
    )
    if record is None or not record.user.active:
        return None
    now = utcnow()
    if record.last_used_at is None or now - record.last_used_at > TOKEN_USE_RESOLUTION:
        record.last_used_at = now
    return record.user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_session_user(session_id: str) -> User | None:
    """Return the user of a session id "<id>:<version>" while it is still valid."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
