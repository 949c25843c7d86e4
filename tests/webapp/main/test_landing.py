"""The health check (the landing page itself is tested in test_todo.py)."""

from __future__ import annotations


def test_the_health_check_answers_from_the_database(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}
