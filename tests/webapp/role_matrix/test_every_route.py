"""The matrix covers every route of the app, every actor of every row, and checks what the rows
share: a made-up id answers like another unit's object, and no page POST passes without CSRF."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.webapp.role_matrix import (
    test_accounts_and_units,
    test_api_letters_and_tasks,
    test_exemptions,
    test_figures_and_publication,
    test_letters,
    test_tasks,
)
from tests.webapp.role_matrix.matrix import (
    ACTORS,
    LOGGED_IN,
    LOGIN,
    Route,
    assert_answer,
    changed_tables,
    comparable_body,
    log_in,
    send,
    snapshot,
)
from webapp.errors import CSRF_MESSAGE

TABLES = (
    test_accounts_and_units,
    test_figures_and_publication,
    test_letters,
    test_tasks,
    test_api_letters_and_tasks,
    test_exemptions,
)
ROUTES: list[Route] = [route for table in TABLES for route in table.ROUTES]
REFUSED = (LOGIN, 401, 403, 404)
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def allowed_actors(route: Route) -> list[str]:
    return [actor for actor in ACTORS if route.expect[actor] not in REFUSED]


def test_every_rule_of_the_app_has_a_row(app, world):
    adapter = app.url_map.bind("localhost")
    reached = set()
    for route in ROUTES:
        rule, _ = adapter.match(
            urlsplit(route.path_for(world)).path, method=route.method, return_rule=True
        )
        reached.add((route.method, rule.rule))
    rules = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - IGNORED_METHODS
    }

    assert sorted(rules - reached) == []


def test_every_row_names_every_actor_once():
    for route in ROUTES:
        assert set(route.expect) == set(ACTORS), route.case_id
    ids = [route.case_id for route in ROUTES]
    assert len(ids) == len(set(ids)), "two rows share a case id"


def _made_up_cases() -> list:
    """Per object route: each actor refused with 404, and the first actor allowed."""
    params = []
    for route in ROUTES:
        if route.object_key is None:
            continue
        allowed = allowed_actors(route)[:1]
        for actor in LOGGED_IN:
            if route.expect[actor] == 404 or actor in allowed:
                params.append(pytest.param(route, actor, id=f"{route.case_id} [{actor}]"))
    return params


@pytest.mark.parametrize(("route", "actor"), _made_up_cases())
def test_a_made_up_id_answers_like_an_object_out_of_reach(client, auth, world, route, actor):
    headers = log_in(client, auth, world, route, actor)
    before = snapshot()

    made_up = send(client, auth, world, route, actor, headers, route.made_up_path(world))

    with made_up:
        assert_answer(made_up, 404, route, actor)
    assert changed_tables(before, snapshot()) == []
    if route.expect[actor] == 404:
        with send(client, auth, world, route, actor, headers, route.path_for(world)) as real:
            assert (real.status_code, comparable_body(real)) == (404, comparable_body(made_up))


def _page_posts() -> list:
    return [
        pytest.param(route, actor, id=f"{route.case_id} [{actor}]")
        for route in ROUTES
        if route.method == "POST" and not route.api
        for actor in allowed_actors(route)[:1]
    ]


@pytest.mark.parametrize(("route", "actor"), _page_posts())
def test_a_page_post_without_csrf_token_is_refused_and_changes_nothing(
    client, auth, world, route, actor
):
    log_in(client, auth, world, route, actor)
    before = snapshot()

    response = client.post(route.path_for(world), data=route.body_for(world))

    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert changed_tables(before, snapshot()) == []
