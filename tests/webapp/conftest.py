"""Fixtures of the web app's feature tests."""

from __future__ import annotations

import pytest

from tests.factories import Issued, issue_january, small_city


@pytest.fixture
def issued(app, tmp_path, monkeypatch) -> Issued:
    """The January letter issued to the small city's units; files kept in a temporary folder."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    return issue_january(small_city())
