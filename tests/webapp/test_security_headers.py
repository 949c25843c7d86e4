"""Security headers on pages and API answers; every asset is served by the app itself."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from webapp.extensions import db

EXTERNAL_URL = re.compile(r"https?://", re.IGNORECASE)
ASSET_REFERENCE = re.compile(
    r'<(?:link|script|img|source|iframe)\b[^>]*?\b(?:href|src)="([^"]*)"', re.IGNORECASE
)
STATIC_DIR = Path(__file__).resolve().parents[2] / "webapp" / "static"


@pytest.fixture
def world(make_unit, make_user, api_token):
    ward = make_unit("ANBINH", "UBND phường An Bình", kind="ward")
    users = {
        role: make_user(role, unit=ward if role == "unit" else None, username=f"u-{role}")
        for role in ("office", "leader", "admin", "unit")
    }
    tokens = {role: api_token(user) for role, user in users.items()}
    db.session.commit()
    return {"unit": ward, "users": users, "tokens": tokens}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response) -> None:
    directives = csp_directives(response)
    assert directives.get("default-src") == ["'self'"], response.headers
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives.get(directive, [])
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("X-Frame-Options") == "DENY"


PAGES_BY_ROLE = {
    None: ["/login", "/healthz", "/no-such-page"],
    "office": ["/", "/units", "/units/ANBINH", "/audit", "/account", "/admin/users"],
    "leader": ["/", "/units", "/units/ANBINH", "/audit", "/account"],
    "admin": [
        "/",
        "/units",
        "/units/ANBINH",
        "/audit",
        "/account",
        "/admin/users",
        "/admin/users/new",
        "/admin/units/new",
        "/admin/units/ANBINH/edit",
    ],
    "unit": ["/", "/units/ANBINH", "/account", "/units"],
}


def visit_every_page(client, auth, world):
    """Yield (path, response) for every page each role can ask for, errors included."""
    for role, paths in PAGES_BY_ROLE.items():
        if role is not None:
            assert auth.login(world["users"][role].username).status_code == 302
        for path in paths:
            yield path, client.get(path)
        if role is not None:
            auth.logout()


def test_pages_carry_the_security_headers(client, auth, world):
    seen = set()
    for path, response in visit_every_page(client, auth, world):
        seen.add((path, response.status_code))
        assert_security_headers(response)
    # Refusals and errors carry them too, not only successful pages.
    assert {("/units", 200), ("/units", 403), ("/no-such-page", 404)} <= seen


def test_html_pages_are_not_cached(client, auth, world):
    assert auth.login("u-office").status_code == 302

    assert client.get("/units").headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/units/ANBINH",
        "/api/v1/units/KHONGCO",
        "/api/openapi.json",
    ],
)
def test_api_answers_carry_the_security_headers(client, world, path):
    with_token = client.get(path, headers=world["tokens"]["office"])
    without_token = client.get(path)

    assert_security_headers(with_token)
    assert_security_headers(without_token)
    assert with_token.mimetype == "application/json"


def test_no_served_page_links_to_another_site(client, auth, world):
    checked = 0
    for path, response in visit_every_page(client, auth, world):
        if response.mimetype != "text/html":
            continue
        checked += 1
        assert not EXTERNAL_URL.search(response.text), (
            f"{path} mentions an external address: {EXTERNAL_URL.findall(response.text)}"
        )
    assert checked >= 20


def test_every_asset_a_page_uses_is_served_by_the_app(client, auth, world):
    references = set()
    for _path, response in visit_every_page(client, auth, world):
        if response.mimetype == "text/html":
            references.update(ASSET_REFERENCE.findall(response.text))
    assert any(ref.endswith(".css") for ref in references)

    for reference in sorted(references):
        parts = urlsplit(reference)
        assert not parts.scheme and not parts.netloc, reference
        assert reference.startswith("/static/"), reference
        served = client.get(reference)
        assert served.status_code == 200, reference
        served.close()


def stylesheets() -> list[Path]:
    return sorted(STATIC_DIR.rglob("*.css"))


def test_there_is_a_stylesheet_to_check():
    assert stylesheets()


@pytest.mark.parametrize("stylesheet", stylesheets(), ids=lambda path: path.name)
def test_stylesheets_load_nothing_from_another_site(client, stylesheet):
    response = client.get("/static/" + stylesheet.relative_to(STATIC_DIR).as_posix())
    assert response.status_code == 200
    css = response.get_data(as_text=True)
    response.close()

    assert not EXTERNAL_URL.search(css)
    assert "@import" not in css
    for target in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
        assert target.startswith(("data:", "/static/", "../", "./")) or "/" not in target, target
