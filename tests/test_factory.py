"""The app factory itself."""

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
