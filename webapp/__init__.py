"""Đôn Đốc web application."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from webapp import models  # noqa: F401  (every table known before migrations run)
from webapp.admin import routes as admin_routes
from webapp.api.blueprints import register_api
from webapp.audit import api as audit_api
from webapp.audit import routes as audit_routes
from webapp.auth import api as auth_api
from webapp.auth import cli as auth_cli
from webapp.auth import routes as auth_routes
from webapp.auth.sessions import init_login
from webapp.config import build_config
from webapp.database import MAX_ID, configure_sqlite, render_migration_item
from webapp.demo import cli as demo_cli
from webapp.directives import api as directives_api
from webapp.directives import cli as directives_cli
from webapp.directives import policies as directives_policies
from webapp.directives import routes as directives_routes
from webapp.directives.batch import routes as batch_routes
from webapp.directives.register import routes as register_routes
from webapp.documents import routes as documents_routes
from webapp.errors import register_error_handlers
from webapp.events import connect_listeners
from webapp.exemptions import api as exemptions_api
from webapp.exemptions import routes as exemptions_routes
from webapp.extensions import api, csrf, db, migrate
from webapp.form_fields import use_vietnamese_messages
from webapp.formatting import register_formatting
from webapp.grounds import routes as grounds_routes
from webapp.http_headers import register_security_headers
from webapp.imports import api as imports_api
from webapp.imports import cli as imports_cli
from webapp.imports import policies as imports_policies
from webapp.imports import routes as imports_routes
from webapp.jobs import worker
from webapp.main import routes as main_routes
from webapp.navigation import register_navigation
from webapp.notifications import cli as notifications_cli
from webapp.notifications import routes as notifications_routes
from webapp.publication import api as publication_api
from webapp.publication import policies as publication_policies
from webapp.publication import routes as publication_routes
from webapp.reports import routes as reports_routes
from webapp.request_checks import register_request_checks
from webapp.signers import routes as signers_routes
from webapp.signing import api as signing_api
from webapp.signing import cli as signing_cli
from webapp.signing import routes as signing_routes
from webapp.stats import api as stats_api
from webapp.stats import cli as stats_cli
from webapp.stats import routes as stats_routes
from webapp.tasks import api as tasks_api
from webapp.tasks import cli as tasks_cli
from webapp.tasks import routes as tasks_routes
from webapp.tasks.board import routes as board_routes
from webapp.units import api as units_api
from webapp.units import policies as units_policies
from webapp.units import routes as units_routes


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configure, bind extensions, register blueprints, CLI and handlers."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(build_config(app.instance_path, test_config))
    _configure_logging(app)
    _bound_ids(app)
    _init_extensions(app)
    connect_listeners()
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


# Pages, in the order their routes are matched.
BLUEPRINTS = (
    main_routes.bp,
    auth_routes.bp,
    units_routes.bp,
    stats_routes.bp,
    imports_routes.bp,
    admin_routes.bp,
    signers_routes.bp,
    grounds_routes.bp,
    audit_routes.bp,
    register_routes.bp,
    batch_routes.bp,
    directives_routes.bp,
    documents_routes.bp,
    tasks_routes.bp,
    reports_routes.bp,
    exemptions_routes.bp,
    board_routes.bp,
    notifications_routes.bp,
    signing_routes.bp,
    publication_routes.bp,
)
# The API under /api/v1, in the order the description lists it.
API_BLUEPRINTS = (
    auth_api.blp,
    units_api.blp,
    imports_api.blp,
    stats_api.blp,
    exemptions_api.blp,
    audit_api.blp,
    directives_api.blp,
    tasks_api.blp,
    signing_api.blp,
    publication_api.blp,
)
# `flask --app webapp ...`
COMMANDS = (
    auth_cli.users,
    demo_cli.demo,
    signing_cli.signers,
    worker.worker,
    worker.recover,
    imports_cli.import_command,
    stats_cli.stats_command,
    stats_cli.findings_command,
    stats_cli.dossiers_command,
    directives_cli.draft_command,
    directives_cli.sign_command,
    directives_cli.render_command,
    tasks_cli.issue_command,
    tasks_cli.reminders_command,
    notifications_cli.digest_command,
)


def _register_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    register_api(app, API_BLUEPRINTS)


def _register_cli(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


# What templates ask before they show a button: each feature's policies.
TEMPLATE_POLICIES = (
    imports_policies.may_import,
    directives_policies.may_draft,
    units_policies.may_manage_units,
    publication_policies.may_publish,
)


def _register_handlers(app: Flask) -> None:
    app.jinja_env.globals.update({policy.__name__: policy for policy in TEMPLATE_POLICIES})
    register_error_handlers(app)
    register_request_checks(app)
    register_security_headers(app)
    register_navigation(app)
    register_formatting(app)
    use_vietnamese_messages()
