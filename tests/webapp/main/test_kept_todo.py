"""What waits (the menu's count, the to-do page) is kept between pages, and moves as soon as a
step is taken."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import event

from tests.webapp.main.test_todo import landing, menu_count, section
from webapp.directives.operations import draft_directive, submit_directive
from webapp.extensions import db
from webapp.main.kept_todo import EXTENSION_KEY, KeptTodo, Waiting


def test_the_menus_count_is_kept_between_pages_until_a_step_is_taken(client, auth, issued):
    landing(client, auth, "chutich")
    first = client.get("/units").text
    waiting = menu_count(first)
    kept = statements_on(client, "/units")
    counting = _statements_without_kept_todo(client, "/units")
    # A page after the count was kept asks for the latest event instead of counting again.
    assert len(kept) == len(counting)
    assert [s for s in kept if s not in counting] == [
        "SELECT max(audit_events.id) AS max_1 FROM audit_events"
    ]
    assert "count(*)" in " ".join(s for s in counting if s not in kept)

    # The office submits a letter (a step, with its audit event): the leader's count moves.
    draft = draft_directive(issued.city.office, "2024-01")
    submit_directive(issued.city.office, draft)
    db.session.commit()
    assert menu_count(client.get("/units").text) == waiting + 1


def statements_on(client, path: str) -> list[str]:
    """The SQL statements a page asks, one line each."""
    client.get(path)  # what a commit in the test expired is loaded again first
    asked: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        asked.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return asked


def _statements_without_kept_todo(client, path: str) -> list[str]:
    store = current_app.extensions.pop(EXTENSION_KEY)
    try:
        return statements_on(client, path)
    finally:
        current_app.extensions[EXTENSION_KEY] = store


def test_the_to_do_page_is_kept_until_a_step_is_taken(client, auth, issued):
    office = issued.city.office
    first = draft_directive(office, "2024-01")
    submit_directive(office, first)
    db.session.commit()
    landing(client, auth, "chutich")
    kept = statements_on(client, "/")
    counting = _statements_without_kept_todo(client, "/")
    assert len(kept) < len(counting)
    assert "count(*)" not in " ".join(kept) and "count(*)" in " ".join(counting)

    second = draft_directive(office, "2024-01")
    submit_directive(office, second)
    db.session.commit()
    to_sign = section(client.get("/").text, "to-sign")
    assert f'href="/directives/{first.id}"' in to_sign
    assert f'href="/directives/{second.id}"' in to_sign


def test_what_waits_is_kept_a_minute_at_most():
    waiting = Waiting(4)
    kept = KeptTodo(seconds=60)
    kept.put(1, ("2024-03-01", 7), waiting)
    assert kept.get(1, ("2024-03-01", 7)) == waiting
    assert kept.get(1, ("2024-03-01", 8)) is None  # an event since
    assert kept.get(1, ("2024-03-02", 7)) is None  # the next day
    assert kept.get(2, ("2024-03-01", 7)) is None
    expired = KeptTodo(seconds=-1)
    expired.put(1, ("2024-03-01", 7), waiting)
    assert expired.get(1, ("2024-03-01", 7)) is None
