"""The letter editor's form as a browser sends it, for the page tests."""

from __future__ import annotations

from webapp.directives.models import Directive


def editor_data(directive: Directive, **overrides) -> dict:
    """The editor's fields as the browser sends them, filled from the letter."""
    data = {
        "subject": directive.subject,
        "addressees": "\n".join(directive.addressees),
        "opening": "\n\n".join(directive.opening),
        "lead_in": directive.lead_in,
        "closing": "\n\n".join(directive.closing),
        "recipients": "\n".join(directive.recipients),
        "signer_id": str(directive.signer_id or ""),
    }
    for index, item in enumerate(directive.assignments):
        prefix = f"assignments-{index}-"
        data[prefix + "heading"] = item.heading
        data[prefix + "text"] = item.text
        data[prefix + "sub_items"] = "\n".join(item.sub_items)
        data[prefix + "deadline"] = item.deadline.isoformat() if item.deadline else ""
        data[prefix + "lead_unit_codes"] = [u.code for u in item.lead_units]
        data[prefix + "supporting_unit_codes"] = [u.code for u in item.supporting_units]
    data.update(overrides)
    return data
