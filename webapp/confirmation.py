"""A confirmation page before an irreversible step (sign, issue, publish, withdraw, reject).

A page's POST without the `confirmed` field changes nothing: the view answers with a page saying
exactly what the step will do, whose form posts the same fields again to the same address, with
`confirmed` and a fresh CSRF token. It is plain HTML (no script), so it works without JavaScript
and under the strict CSP. The API and the command line do not confirm: their callers have decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request

CONFIRMED_FIELD = "confirmed"
# Fields the confirmation page writes itself rather than carries over.
NOT_CARRIED = frozenset({"csrf_token", CONFIRMED_FIELD})


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation page says: the step, what it will do, and where going back leads."""

    title: str
    consequences: list[str]
    confirm_label: str
    back_url: str
    notes: list[str] = field(default_factory=list)
    # Named lines listed under the consequences (a bulk step's letters), each with its own details.
    items: list[tuple[str, list[str]]] = field(default_factory=list)
    # What the step acts on, to read before confirming (label, link), e.g. the letter to sign.
    read: tuple[str, str] | None = None


def is_confirmed() -> bool:
    """Tell whether the posted form carries the confirmation."""
    return request.form.get(CONFIRMED_FIELD) == "1"


def confirmation_page(confirmation: Confirmation):
    """Answer a POST with its confirmation page; the fields posted are carried over unchanged."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_CARRIED]
    page = render_template(
        "confirm.html", confirmation=confirmation, action=request.path, fields=fields
    )
    return page, 200
