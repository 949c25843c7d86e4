"""Password hashing with Argon2id (memory-hard)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["PASSWORD_TIME_COST"],
        memory_cost=config["PASSWORD_MEMORY_COST"],
        parallelism=config["PASSWORD_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """Return the Argon2id hash of a password."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tell whether the password matches the stored hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def burn_verification_time(password: str) -> None:
    """Spend the time of one verification, so unknown user names answer as slowly as known ones."""
    verify_password(_dummy_hash(), password)


def _dummy_hash() -> str:
    cached = current_app.extensions.get("dondoc_dummy_hash")
    if cached is None:
        cached = hash_password("not-a-real-password")
        current_app.extensions["dondoc_dummy_hash"] = cached
    return cached


def password_problem(password: str) -> str | None:
    """Return why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Mật khẩu dài quá {MAX_PASSWORD_LENGTH} ký tự."
    return None
