"""E-mail job: send every notification e-mail waiting, batch after batch."""

from __future__ import annotations

import logging

from webapp.jobs import current_job_id, job
from webapp.notifications.mail import claim_pending, send_claimed

log = logging.getLogger(__name__)


@job
def send_pending_emails() -> int:
    """Send the waiting e-mails; return how many went."""
    total = 0
    while ids := claim_pending():
        total += send_claimed(ids)
    log.info("job %s: %s e-mails sent", current_job_id(), total)
    return total
