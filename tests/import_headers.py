"""The header rows of the import files, as the contract names the columns (English names).

Tests write their files with these; tests/webapp/imports/test_import_interfaces.py checks that the
importer's own column list still matches them.
"""

UNIT_HEADER = ("code", "name", "kind", "parent_code")
DOSSIER_HEADER = (
    "dossier_code",
    "unit_code",
    "procedure_code",
    "channel",
    "received_at",
    "due_at",
    "returned_at",
    "finished_at",
)
UNIT_STATS_HEADER = (
    "unit_code",
    "period",
    "received",
    "resolved_on_time",
    "resolved_late",
    "pending_on_time",
    "pending_overdue",
    "closed_late_in_software",
    "complaints",
)
COMPLAINT_HEADER = (
    "complaint_code",
    "unit_code",
    "received_at",
    "channel",
    "subject",
    "official_name",
)
