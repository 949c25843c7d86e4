"""Template filters: local times and readable labels."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

AUDIT_ACTION_LABELS = {
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "login_failed": "Đăng nhập sai",
    "login_throttled": "Chặn đăng nhập do sai nhiều lần",
    "login_refused_inactive": "Tài khoản bị khóa cố đăng nhập",
    "out_of_scope_access": "Truy cập dữ liệu đơn vị khác",
    "csrf_rejected": "Biểu mẫu không hợp lệ (CSRF)",
    "create": "Tạo mới",
    "update": "Cập nhật",
    "enable": "Mở khóa",
    "disable": "Khóa",
    "change_password": "Đổi mật khẩu",
    "reset_password": "Đặt lại mật khẩu",
    "revoke_api_tokens": "Thu hồi mã truy cập API",
}


def local_time(value: datetime | None) -> str:
    """Format a UTC time as dd/mm/yyyy HH:MM in Vietnam's time zone."""
    if value is None:
        return ""
    return value.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")


def audit_action(action: str) -> str:
    """Return the Vietnamese label of an audit action."""
    return AUDIT_ACTION_LABELS.get(action, action)


def register_formatting(app: Flask) -> None:
    """Register the filters with the app's templates."""
    app.add_template_filter(local_time)
    app.add_template_filter(audit_action)
