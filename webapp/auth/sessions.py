"""Flask-Login wiring: load the session's user, send strangers to the login page."""

from __future__ import annotations

from flask import Flask

from webapp.auth.operations import load_session_user
from webapp.extensions import login_manager


def init_login(app: Flask) -> None:
    """Bind Flask-Login to the app."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_user)
