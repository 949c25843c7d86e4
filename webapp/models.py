"""Import every model module so SQLAlchemy and Alembic know all tables."""

from webapp.audit.models import AuditEvent
from webapp.auth.models import ApiToken, LoginFailure, User
from webapp.signers.models import IssuingBody, Signer
from webapp.units.models import Unit

__all__ = ["ApiToken", "AuditEvent", "IssuingBody", "LoginFailure", "Signer", "Unit", "User"]
