"""Import every model module so SQLAlchemy and Alembic know all tables."""

from webapp.audit.models import AuditEvent
from webapp.auth.models import ApiToken, LoginFailure, User
from webapp.directives.batch.models import LetterBatch
from webapp.directives.models import Assignment, AssignmentUnit, Directive
from webapp.directives.register.models import RegisterCounter, RegisterEntry
from webapp.documents.models import RenderedDocument, TemplateVersion
from webapp.exemptions.models import Exemption, ExemptionEvidence
from webapp.grounds.models import Ground
from webapp.imports.models import ImportRun
from webapp.notifications.models import Notification, ReminderSent
from webapp.publication.models import PublishedPeriod
from webapp.reports.models import Evidence, Report
from webapp.signers.models import IssuingBody, Signer
from webapp.signing.models import VerifyAttempt
from webapp.stats.models import Complaint, Dossier, ReportedFigures, UnitPeriodFigures
from webapp.tasks.models import CriterionCheck, ExtensionRequest, UnitTask
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
    "CriterionCheck",
    "Evidence",
    "Exemption",
    "ExemptionEvidence",
    "ExtensionRequest",
    "Ground",
    "Dossier",
    "ImportRun",
    "IssuingBody",
    "LoginFailure",
    "Notification",
    "PublishedPeriod",
    "ReminderSent",
    "Report",
    "ReportedFigures",
    "Signer",
    "Unit",
    "UnitPeriodFigures",
    "UnitTask",
    "User",
    "VerifyAttempt",
]
