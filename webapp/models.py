"""Import every model module so SQLAlchemy and Alembic know all tables."""

from webapp.audit.models import AuditEvent
from webapp.auth.models import ApiToken, LoginFailure, User
from webapp.directives.batch import LetterBatch
from webapp.directives.models import Assignment, AssignmentUnit, Directive
from webapp.directives.register import RegisterCounter, RegisterEntry
from webapp.documents.models import RenderedDocument, TemplateVersion
from webapp.imports.models import ImportRun
from webapp.signers.models import IssuingBody, Signer
from webapp.stats.models import Complaint, Dossier, ReportedFigures, UnitPeriodFigures
from webapp.units.models import Unit

__all__ = [
    "Assignment",
    "AssignmentUnit",
    "Directive",
    "LetterBatch",
    "RegisterCounter",
    "RegisterEntry",
    "RenderedDocument",
    "TemplateVersion",
    "ApiToken",
    "AuditEvent",
    "Complaint",
    "Dossier",
    "ImportRun",
    "IssuingBody",
    "LoginFailure",
    "ReportedFigures",
    "Signer",
    "Unit",
    "UnitPeriodFigures",
    "User",
]
