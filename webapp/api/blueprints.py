"""API blueprints: bearer-token authentication and registration under /api/v1."""

from __future__ import annotations

from flask import Flask, abort, current_app, g, request
from flask_smorest import Blueprint

from webapp.auth.operations import user_for_token
from webapp.extensions import api, csrf, db

API_PREFIX = "/api/v1"
BEARER_SCHEME = {"type": "http", "scheme": "bearer", "description": "Mã từ `flask users token`"}


def api_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    """Make an API blueprint whose routes need a bearer token unless marked public."""
    blueprint = Blueprint(name, import_name, description=description)
    blueprint.before_request(_authenticate)
    return blueprint


def api_user():
    """Return the user the bearer token belongs to."""
    return g.api_user


def public(view):
    """Mark an API route as open without a token."""
    view.is_public_api = True
    return view


def _authenticate():

    view = request.endpoint and _view_function()
    if view is not None and getattr(view, "is_public_api", False):
        g.api_user = None
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        abort(401)  # through the error handler, which adds WWW-Authenticate
    if db.session.dirty:
        db.session.commit()
    g.api_user = user
    return None


def _view_function():

    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "view_class", view)


def register_api(app: Flask, blueprints) -> None:
    """Register the features' API blueprints under /api/v1."""
    if "bearerAuth" not in api.spec.components.security_schemes:
        api.spec.components.security_scheme("bearerAuth", BEARER_SCHEME)
    for blueprint in blueprints:
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
