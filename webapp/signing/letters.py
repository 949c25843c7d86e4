"""Sign a letter's PDF for its signer, the mark at the signer block of the layout."""

from __future__ import annotations

from webapp.directives.models import Directive, DirectiveState
from webapp.signing.keys import has_certificate
from webapp.signing.pdf import SignaturePlace, sign_pdf

SIGNED_STATES = (DirectiveState.SIGNED, DirectiveState.ISSUED, DirectiveState.CLOSED)
# Without a signer block in the template: the lower right of the last page (-1).
FALLBACK = (-1, (300.0, 60.0, 560.0, 156.0))


def should_sign(directive: Directive) -> bool:
    """Tell whether a letter's PDF is to be signed: signed by a leader with a certificate."""
    return directive.state in SIGNED_STATES and has_certificate(directive.signer)


def sign_letter_pdf(directive: Directive, pdf: bytes, anchor) -> bytes:
    """Sign the rendered PDF of a signed letter, its mark centred where the layout put the space."""
    return sign_pdf(pdf, directive.signer, mark_place(anchor), _reason(directive))


def mark_place(anchor) -> SignaturePlace:
    """Return the room for the mark: the signer block's space, or the fallback place."""
    return SignaturePlace(*(anchor or FALLBACK))


def _reason(directive: Directive) -> str:
    return f"Ký ban hành văn bản số {directive.number_text}"
