"""Configuration read from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "password", "flask", "test"}
MIN_SECRET_LENGTH = 32


class ConfigurationError(RuntimeError):
    """The environment does not allow the app to start safely."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} phải là số nguyên, nhận được {raw!r}") from exc


def build_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Return the settings for one app, environment first, then overrides."""
    overrides = overrides or {}
    app_env = overrides.get("APP_ENV") or os.environ.get("APP_ENV", "production")
    if app_env not in {"production", "development", "testing"}:
        raise ConfigurationError(
            f"APP_ENV phải là production, development hoặc testing, nhận được {app_env!r}"
        )
    database_url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{Path(instance_path, 'dondoc.sqlite3')}"
    )
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")

    config = {
        "APP_ENV": app_env,
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": app_env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": app_env == "production",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "MAX_CONTENT_LENGTH": _env_int("MAX_UPLOAD_MB", 300) * 1024 * 1024,
        "IMPORT_MAX_BYTES": _env_int("IMPORT_MAX_MB", 300) * 1024 * 1024,
        # Files at least this large are read and checked in a second process while this one
        # stores them.
        "IMPORT_PARALLEL_BYTES": _env_int("IMPORT_PARALLEL_MB", 8) * 1024 * 1024,
        # Memory each process may give to the rendered figures pages it keeps until the next
        # import (webapp/stats/rendered.py); 0 renders every request afresh.
        "DASHBOARD_CACHE_MB": _env_int("DASHBOARD_CACHE_MB", 32),
        # An on-time rate under this percentage is a finding (the seeds' 97 %).
        "ON_TIME_RATE_THRESHOLD": float(os.environ.get("ON_TIME_RATE_THRESHOLD") or 97),
        # A form's CSRF token lasts a working day; the secret behind it is renewed at login.
        "WTF_CSRF_TIME_LIMIT": 12 * 3600,
        # Days a drafted assignment gives the units, and the căn cứ a drafted letter opens with
        # (e.g. "Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành phố về ..."; empty: generic).
        "DIRECTIVE_DEADLINE_DAYS": _env_int("DIRECTIVE_DEADLINE_DAYS", 15),
        # Failing months in 12 that call for disciplinary review (Biên Hòa: 3).
        "REPEAT_FLAG_AT": _env_int("REPEAT_FLAG_AT", 3),
        # The department that leads on software errors (Phòng Văn hóa và Thông tin).
        "IT_SUPPORT_UNIT_CODE": os.environ.get("IT_SUPPORT_UNIT_CODE", "VHTT"),
        # Evidence files a unit attaches to a report.
        "EVIDENCE_MAX_MB": _env_int("EVIDENCE_MAX_MB", 20),
        # Units (rows) per page of the office's tracking board.
        "BOARD_UNITS_PER_PAGE": _env_int("BOARD_UNITS_PER_PAGE", 25),
        # Reminders: days before a deadline, days between reminders while overdue, days overdue
        # before the office and the leaders are told, minutes between two reminder runs.
        "REMINDER_DAYS_BEFORE": _env_int("REMINDER_DAYS_BEFORE", 3),
        "REMINDER_REPEAT_DAYS": _env_int("REMINDER_REPEAT_DAYS", 3),
        "ESCALATION_GRACE_DAYS": _env_int("ESCALATION_GRACE_DAYS", 7),
        "REMINDER_SWEEP_MINUTES": _env_int("REMINDER_SWEEP_MINUTES", 60),
        # Seconds between a worker's heartbeats while it runs a job; a started job silent for
        # three of them died with its worker and is run again.
        "WORKER_HEARTBEAT_SECONDS": _env_int("WORKER_HEARTBEAT_SECONDS", 30),
        # SQLite only: begin every transaction as a writer, not only those of requests that
        # change something (the worker sets it for its jobs).
        "SQLITE_BEGIN_IMMEDIATE": False,
        # Minutes between two recovery sweeps (work the database says is pending, queued again).
        "RECOVERY_SWEEP_MINUTES": _env_int("RECOVERY_SWEEP_MINUTES", 5),
        # E-mail of notifications: none unless SMTP_HOST is set.
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": _env_int("SMTP_PORT", 25),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS", "") == "1",
        "SMTP_SENDER": os.environ.get("SMTP_SENDER", "dondoc@localhost"),
        # Digital signatures: trusted roots (PEM files, comma-separated) and a timestamp authority.
        "SIGNATURE_TRUST_ROOTS": os.environ.get("SIGNATURE_TRUST_ROOTS", ""),
        "SIGNATURE_TSA_URL": os.environ.get("SIGNATURE_TSA_URL", ""),
        # The address of this app as users reach it, for the links in e-mails.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        # Failed logins tolerated within the window for one account from one address, and from
        # one address for all accounts.
        "LOGIN_MAX_FAILURES": _env_int("LOGIN_MAX_FAILURES", 5),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": _env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 30),
        # Failures for one account from every address; past it, only addresses that have not
        # failed for that account may still try.
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": _env_int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 50),
        "LOGIN_FAILURE_WINDOW_MINUTES": _env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15),
        # /verify, open to anyone: PDFs one address may have checked within the window, the
        # seconds one check may take, and the distinct signatures of one file it checks.
        "VERIFY_MAX_PER_ADDRESS": _env_int("VERIFY_MAX_PER_ADDRESS", 20),
        "VERIFY_WINDOW_MINUTES": _env_int("VERIFY_WINDOW_MINUTES", 10),
        "VERIFY_TIME_BUDGET_SECONDS": float(os.environ.get("VERIFY_TIME_BUDGET_SECONDS") or 5),
        "VERIFY_MAX_SIGNATURES": _env_int("VERIFY_MAX_SIGNATURES", 20),
        # Argon2id cost: memory in KiB, iterations, lanes.
        "PASSWORD_MEMORY_COST": _env_int("PASSWORD_MEMORY_COST", 65536),
        "PASSWORD_TIME_COST": _env_int("PASSWORD_TIME_COST", 3),
        "PASSWORD_PARALLELISM": _env_int("PASSWORD_PARALLELISM", 2),
        "RQ_QUEUES": ["default"],
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_TITLE": "Đôn Đốc API",
        "API_VERSION": "v1",
        "API_SPEC_OPTIONS": {
            "security": [{"bearerAuth": []}],
            "info": {
                "description": "Giao diện lập trình của Đôn Đốc. Xác thực: `Authorization: Bearer <mã>`."
            },
        },
    }
    if app_env == "testing":
        config.update(PASSWORD_MEMORY_COST=1024, PASSWORD_TIME_COST=1, PASSWORD_PARALLELISM=1)
    config.update(overrides)
    config["SECRET_KEY"] = _checked_secret_key(config, instance_path)
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 30}})
    else:
        config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    return config


def _checked_secret_key(config: dict, instance_path: str) -> str:
    key = config.get("SECRET_KEY") or ""
    if config["APP_ENV"] == "production":
        if key.lower() in WEAK_SECRETS or len(key) < MIN_SECRET_LENGTH:
            raise ConfigurationError(
                "SECRET_KEY chưa đặt hoặc quá yếu: ở chế độ production cần một chuỗi ngẫu nhiên "
                f"dài ít nhất {MIN_SECRET_LENGTH} ký tự "
                "(ví dụ: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        return key
    if key:
        return key
    # Development and tests: keep one random key in the instance folder so sessions survive restarts.
    key_file = Path(instance_path, "secret_key")
    if key_file.exists():
        return key_file.read_text().strip()
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
