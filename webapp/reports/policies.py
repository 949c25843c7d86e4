"""Who reviews a unit's report and who decides on it."""

from __future__ import annotations

from webapp.auth.models import Role

# The office writes its remarks on a report; a leader accepts or returns it.
REVIEWERS = (Role.OFFICE, Role.ADMIN)
DECIDERS = (Role.LEADER,)
