"""A signer's certificate from the local CA, as the signing tests give it."""

from __future__ import annotations

from tests.webapp.documents import samples
from webapp.documents.context import letter_context
from webapp.documents.render import render_pdf_with_anchor
from webapp.extensions import db
from webapp.files import instance_folder
from webapp.signing.appearance import draw_mark
from webapp.signing.keys import attach_certificate
from webapp.signing.pki import issue_signing_certificate, local_ca

ORG = "UBND thành phố Biên Hòa"


def give_certificate(signer, folder=None, organization=ORG):
    """Give the signer a certificate of the folder's CA (the instance's local CA by default)."""
    ca = local_ca(folder or instance_folder("pki"), organization)
    issued = issue_signing_certificate(ca, signer.full_name, organization)
    db.session.flush()
    attach_certificate(None, signer, issued.p12, issued.password, draw_mark(signer.full_name, ORG))


def letter_with_certificate():
    """Return a directive letter, its PDF and the signature mark's anchor; its signer holds a
    certificate of the instance's local CA."""
    letter = samples.BUILDERS["directive"]()
    letter.signer.issuing_body = letter.issuing_body
    db.session.add(letter.issuing_body)
    db.session.flush()
    give_certificate(letter.signer)
    pdf, anchor = render_pdf_with_anchor(letter_context(letter), "directive")
    return letter, pdf, anchor
