"""Flask extensions, created once and bound to each app with init_app."""

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

from webapp.api.errors_doc import ErrorResponses
from webapp.api.schemas import ErrorSchema

# Stable constraint names, so migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DondocApi(Api):
    """flask-smorest's Api, describing errors in the project's format.

    The description lists each operation's own error answers (ErrorResponses), not a catch-all;
    the answers themselves come from webapp.errors, registered after this Api's own handler.
    """

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None


db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
api = DondocApi(spec_kwargs={"extra_plugins": [ErrorResponses()]})
