"""The machinery of the role matrix: a row per route, who gets what, and how an answer is checked.

Pages are driven through a logged-in browser session, the API with a bearer token. Every POST
carries a valid CSRF token (pages) or bearer token (API), so a refusal comes from the role rule.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from tests.webapp.role_matrix.world import OTHER_UNIT, TARGET_UNIT, USERNAMES, World
from webapp.directives.batch.models import LetterBatch
from webapp.directives.models import Directive
from webapp.errors import MESSAGES
from webapp.exemptions.models import Exemption
from webapp.extensions import db
from webapp.imports.models import ImportRun

ACTORS = ("anonymous", "office", "leader", "admin", "unit_own", "unit_other")
STAFF = ("office", "leader", "admin")
LOGGED_IN = (*STAFF, "unit_own", "unit_other")
UNIT_ACTORS = ("unit_own", "unit_other")
EDITORS = ("office", "admin")
SEES_TARGET = (*STAFF, "unit_own")

# The unit each unit user works for: its own pages name it.
OWN_UNIT = {"unit_own": TARGET_UNIT, "unit_other": OTHER_UNIT}

LOGIN = "login"  # expected: 302 to the login page
MADE_UP_ID = 99999999
# Tables a request may change; the audit trail grows on refusals too, by design.
UNWATCHED_TABLES = frozenset({"audit_events", "login_failures", "api_tokens", "verify_attempts"})
UNWATCHED_COLUMNS = frozenset({"last_login_at"})
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CSS_TYPE = "text/css"
# What the id of an object a POST created is read from, by the name a location uses.
NEWEST = {
    "new_directive": Directive,
    "new_batch": LetterBatch,
    "new_run": ImportRun,
    "new_exemption": Exemption,
}


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    api: bool = False
    # What each actor gets: a status code, LOGIN, or ("redirect", location).
    expect: dict = field(default_factory=dict)
    data: dict | None = None
    json: dict | None = None
    # Files sent with the request: (field, file name, bytes or the name of a world file).
    files: tuple = ()
    # Text a successful (200 or 201) answer must contain, and its type when not a page (or JSON).
    shows: str | None = None
    serves: str | None = None
    # Whether an allowed POST changes the data (refused ones never may); True for every actor
    # allowed, or the actors whose allowed POST changes something.
    changes: bool | tuple = False
    # The unit the route is about: a 404 must not name it.
    about: tuple[str, str] | None = TARGET_UNIT
    # Whether a unit user's 200 answer must name no other unit than its own (all but public ones).
    scoped: bool = True
    # What a 403 answer says, and what a 404 says.
    refusal: str = MESSAGES[403]
    missing: str = MESSAGES[404]
    # The placeholder naming the object the route is about; a made-up id must answer alike.
    object_key: str | None = None
    # What tells two rows of the same route apart in their case ids.
    variant: str = ""

    @property
    def case_id(self) -> str:
        return " ".join(filter(None, (self.method, self.path, self.variant)))

    def path_for(self, world: World, **override) -> str:
        return self.path.format(**{**world.ids, **override})

    def made_up_path(self, world: World) -> str:
        return self.path_for(world, **{self.object_key: MADE_UP_ID})

    def body_for(self, world: World) -> dict:
        data = {name: value.format(**world.ids) for name, value in (self.data or {}).items()}
        for name, file_name, content in self.files:
            content = world.files[content] if isinstance(content, str) else content
            data.setdefault(name, []).append((io.BytesIO(content), file_name))
        return data

    def changed_by(self, actor: str) -> bool:
        return actor in self.changes if isinstance(self.changes, tuple) else self.changes


def everyone(answer) -> dict:
    return dict.fromkeys(LOGGED_IN, answer)


def only(allowed: tuple, answer, refused=403, units=None) -> dict:
    """Answer for the allowed actors, refused for the others (units may be refused otherwise)."""
    expect = {actor: answer if actor in allowed else refused for actor in LOGGED_IN}
    if units is not None:
        expect.update({actor: units for actor in UNIT_ACTORS if actor not in allowed})
    return expect


def seen_by_target(answer, refused=403) -> dict:
    """Staff and the target unit get the answer; the other unit learns nothing (404)."""
    return {**only(SEES_TARGET, answer, refused), "unit_other": 404}


def page(method, path, expect, *, anonymous=LOGIN, **options) -> Route:
    return Route(method, path, expect={"anonymous": anonymous, **expect}, **options)


def api(path, expect, *, anonymous=401, method="GET", **options) -> Route:
    return Route(method, path, api=True, expect={"anonymous": anonymous, **expect}, **options)


def cases(routes: list[Route]) -> list:
    """One parametrized case per route and actor, named "POST /tasks/{task}/reports [unit_own]"."""
    return [
        pytest.param(route, actor, id=f"{route.case_id} [{actor}]")
        for route in routes
        for actor in ACTORS
    ]


def snapshot() -> dict:
    """Every row a request could change, table by table."""
    db.session.expire_all()
    state = {}
    for name, table in sorted(db.metadata.tables.items()):
        if name in UNWATCHED_TABLES:
            continue
        columns = [c for c in table.columns if c.name not in UNWATCHED_COLUMNS]
        rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        state[name] = [tuple(row) for row in rows]
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def resolved(expected, world: World):
    """The expected answer, its location filled in with the world's ids and the new objects'."""
    if not isinstance(expected, tuple):
        return expected
    kind, location = expected
    newest = {
        name: db.session.scalar(select(func.max(model.id)))
        for name, model in NEWEST.items()
        if "{" + name + "}" in location
    }
    return kind, location.format(**{**world.ids, **newest})


def log_in(client, auth, world: World, route: Route, actor: str) -> dict:
    """Prepare the actor's credentials: a session for pages, a bearer header for the API."""
    if actor == "anonymous":
        return {}
    if route.api:
        return {"Authorization": f"Bearer {world.tokens[actor]}"}
    assert auth.login(USERNAMES[actor]).status_code == 302
    return {}


def send(client, auth, world: World, route: Route, actor: str, headers: dict, path: str):
    """Send the route's request as the actor, with a valid CSRF token on a page's POST."""
    if route.method == "GET":
        return client.get(path, headers=headers)
    if route.json is not None:
        return client.open(path, method=route.method, headers=headers, json=route.json)
    data = route.body_for(world)
    if not route.api:
        data["csrf_token"] = auth.csrf_token("/login" if actor == "anonymous" else "/account")
    return client.open(path, method=route.method, headers=headers, data=data)


def readable_body(response) -> str:
    """The body as a person reads it (JSON with its Vietnamese unescaped)."""
    if response.mimetype == "application/json":
        return json.dumps(response.json, ensure_ascii=False)
    if response.mimetype.startswith("text/") or response.mimetype.endswith("json"):
        return response.get_data(as_text=True)
    return ""


def summary(response) -> str:
    """The words of an answer, without markup, for a failure message."""
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", readable_body(response), flags=re.S)
    return " ".join(text.split())[:600]


def comparable_body(response) -> str:
    """The body without its CSRF tokens, which differ from one page to the next."""
    return re.sub(r'(name="csrf_token"[^>]*value=)"[^"]*"', r"\1", readable_body(response))


def assert_answer(response, expected, route: Route, actor: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")
        return
    if isinstance(expected, tuple):
        kind, location = expected
        assert (kind, response.status_code, response.location) == ("redirect", 302, location)
        return
    assert response.status_code == expected, f"{response.status_code}: {summary(response)}"
    json_route = route.api or route.path.startswith("/api/")
    if expected in (200, 201) and route.serves:
        assert response.mimetype == route.serves
    elif json_route:
        assert response.mimetype == "application/json"
    body = readable_body(response)
    if expected in (200, 201) and route.shows:
        assert route.shows in body
    if expected == 200 and route.scoped and actor in UNIT_ACTORS:
        other = "unit_other" if actor == "unit_own" else "unit_own"
        named = [word for word in (*OWN_UNIT[other], USERNAMES[other]) if word in body]
        assert named == [], "another unit's data was shown"
    if expected == 401:
        assert response.headers.get("WWW-Authenticate", "").startswith("Bearer")
        assert response.json["error"] == MESSAGES[401]
    if expected == 403:
        assert route.refusal in body
    if expected == 404:
        assert route.missing in body
        if route.about is not None and route.about != OWN_UNIT.get(actor):
            assert route.about[0] not in body and route.about[1] not in body


def check_route(client, auth, world: World, route: Route, actor: str) -> None:
    """Send the route's request as the actor and check the answer and what it changed."""
    headers = log_in(client, auth, world, route, actor)
    before = snapshot()

    response = send(client, auth, world, route, actor, headers, route.path_for(world))

    expected = resolved(route.expect[actor], world)
    with response:
        assert_answer(response, expected, route, actor)
    changed = changed_tables(before, snapshot())
    allowed = route.method != "GET" and expected not in (LOGIN, 401, 403, 404)
    if allowed and route.changed_by(actor):
        assert changed, "the allowed request changed nothing"
    else:
        assert not changed, f"a request that may change nothing changed {changed}"
