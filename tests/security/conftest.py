"""Fixtures of the hostile-input tests: the small city with its January letter issued, its users'
tokens, and an instance folder deep inside the test's own temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import Issued, city_bearers, issue_january, small_city


@pytest.fixture
def instance(app, tmp_path, monkeypatch) -> Path:
    """The app's instance folder (where it keeps every file), four levels under tmp_path, so a
    file name climbing out of it still lands where the test can look."""
    folder = tmp_path / "srv" / "dondoc" / "data" / "instance"
    folder.mkdir(parents=True)
    monkeypatch.setattr(app, "instance_path", str(folder))
    return folder


@pytest.fixture
def issued(instance) -> Issued:
    """The small city's January letter, signed and issued: every unit has its tasks."""
    return issue_january(small_city())


@pytest.fixture
def tokens(issued) -> dict[str, dict]:
    """Bearer headers of the city's office, leader, admin and two unit users."""
    return city_bearers(issued.city)


@pytest.fixture
def login(auth):
    """Log the test client in as one of the city's users (out of the previous one first)."""
    logged_in = []

    def as_user(username: str) -> None:
        if logged_in:
            auth.logout()
        assert auth.login(username).status_code == 302
        logged_in.append(username)

    return as_user
