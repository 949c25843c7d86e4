"""The app factory itself."""

import gc
import importlib
import sys

import pytest

from webapp import create_app
from webapp.config import ConfigurationError


def test_testing_config(app):
    assert app.config["APP_ENV"] == "testing"
    assert app.testing


def test_production_refuses_missing_secret(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(
            {"APP_ENV": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"}
        )


@pytest.mark.parametrize("weak", ["dev", "changeme", "short-but-not-empty"])
def test_production_refuses_weak_secret(weak, tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(
            {
                "APP_ENV": "production",
                "SECRET_KEY": weak,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
            }
        )


def test_production_accepts_strong_secret_and_secures_cookies(tmp_path):
    app = create_app(
        {
            "APP_ENV": "production",
            "SECRET_KEY": "k" * 20 + "Z9-" * 10,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_the_wsgi_module_serves_an_app_built_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "w" * 20 + "Q7-" * 10)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/wsgi.db")
    monkeypatch.delitem(sys.modules, "webapp.wsgi", raising=False)
    try:
        wsgi = importlib.import_module("webapp.wsgi")

        assert wsgi.app.config["APP_ENV"] == "production"
        assert wsgi.app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/wsgi.db"
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
