"""Fixtures of the role matrix: the world is built once, each test runs in a savepoint of it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask, request_started
from sqlalchemy.engine import Connection
from sqlalchemy.orm import scoped_session, sessionmaker

from tests.conftest import _fresh_request_globals
from tests.webapp.role_matrix.world import World, build_world
from webapp.extensions import db


@dataclass
class SharedWorld:
    app: Flask
    connection: Connection
    world: World


def _session_on(connection: Connection) -> scoped_session:
    return scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))


@pytest.fixture(scope="package")
def shared_world(_session_app, tmp_path_factory):
    """The world in a transaction that stays open for the whole package, then is rolled back."""
    app = _session_app
    folder = tmp_path_factory.mktemp("role-matrix")
    original_instance = app.instance_path
    app.instance_path = str(folder / "instance")
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original_session = db.session
        db.session = _session_on(connection)
        try:
            world = build_world(folder)
            db.session.remove()
            yield SharedWorld(app, connection, world)
        finally:
            db.session.remove()
            db.session = original_session
            transaction.rollback()
            connection.close()
            app.instance_path = original_instance


@pytest.fixture
def app(shared_world):
    """The app inside a savepoint of the shared world, rolled back after the test."""
    app = shared_world.app
    with app.app_context(), request_started.connected_to(_fresh_request_globals, app):
        savepoint = shared_world.connection.begin_nested()
        original_session = db.session
        db.session = _session_on(shared_world.connection)
        try:
            yield app
        finally:
            db.session.remove()
            db.session = original_session
            if savepoint.is_active:
                savepoint.rollback()


@pytest.fixture
def world(app, shared_world) -> World:
    """The ids, tokens and files of the shared world."""
    return shared_world.world
