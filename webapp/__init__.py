"""Đôn Đốc web application."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from webapp.config import build_config

# The largest id a PostgreSQL INTEGER (and so every table's key) holds.
MAX_ID = 2**31 - 1


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configure, bind extensions, register blueprints, CLI and handlers."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(build_config(app.instance_path, test_config))
    _configure_logging(app)
    _bound_ids(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    _register_handlers(app)
    return app


class IdConverter(IntegerConverter):
    """An <int:...> path part that fits the database's integer ids: a larger one is not found."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("min", 0)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def _bound_ids(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter


def _configure_logging(app: Flask) -> None:
    if not app.debug and not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        # Libraries that narrate every step at INFO: one letter is a dozen lines otherwise.
        for chatty in ("alembic.runtime.plugins", "weasyprint.progress", "fontTools"):
            logging.getLogger(chatty).setLevel(logging.WARNING)


def _init_extensions(app: Flask) -> None:
    from webapp import models  # noqa: F401  (every table known before migrations run)
    from webapp.auth.sessions import init_login
    from webapp.database import configure_sqlite, render_migration_item
    from webapp.extensions import api, csrf, db, migrate

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
    )
    csrf.init_app(app)
    init_login(app)
    api.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            configure_sqlite(db.engine)


def _register_blueprints(app: Flask) -> None:
    from webapp.admin.routes import bp as admin_bp
    from webapp.api.blueprints import register_api
    from webapp.audit.routes import bp as audit_bp
    from webapp.auth.routes import bp as auth_bp
    from webapp.directives.batch_routes import bp as batches_bp
    from webapp.directives.register_routes import bp as register_bp
    from webapp.directives.routes import bp as directives_bp
    from webapp.documents.routes import bp as documents_bp
    from webapp.imports.routes import bp as imports_bp
    from webapp.main.routes import bp as main_bp
    from webapp.notifications.routes import bp as notifications_bp
    from webapp.publication.routes import bp as publication_bp
    from webapp.reports.routes import bp as reports_bp
    from webapp.signing.routes import bp as signing_bp
    from webapp.stats.routes import bp as stats_bp
    from webapp.tasks.board_routes import bp as board_bp
    from webapp.tasks.routes import bp as tasks_bp
    from webapp.units.routes import bp as units_bp

    blueprints = (
        main_bp,
        auth_bp,
        units_bp,
        stats_bp,
        imports_bp,
        admin_bp,
        audit_bp,
        register_bp,
        batches_bp,
        directives_bp,
        documents_bp,
        tasks_bp,
        reports_bp,
        board_bp,
        notifications_bp,
        signing_bp,
        publication_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    register_api(app)


def _register_cli(app: Flask) -> None:
    from webapp.cli import register_commands

    register_commands(app)


def _register_handlers(app: Flask) -> None:
    from webapp.errors import register_error_handlers
    from webapp.form_fields import use_vietnamese_messages
    from webapp.formatting import register_formatting
    from webapp.http_headers import register_security_headers
    from webapp.navigation import register_navigation
    from webapp.request_checks import register_request_checks

    register_error_handlers(app)
    register_request_checks(app)
    register_security_headers(app)
    register_navigation(app)
    register_formatting(app)
    use_vietnamese_messages()
