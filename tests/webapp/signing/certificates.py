"""A signer's certificate from the local CA, as the signing tests give it."""

from __future__ import annotations

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
