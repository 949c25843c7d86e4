"""Who keeps the signers' certificates: the administrators, as they keep the accounts."""

from __future__ import annotations

from webapp.admin.policies import ADMINISTRATORS

CERTIFICATE_KEEPERS = ADMINISTRATORS
