"""Fixtures: an instance folder of the test's own, a rendered letter whose signer has a
certificate, and that letter signed."""

from __future__ import annotations

import pytest

from tests.webapp.signing.certificates import letter_with_certificate
from webapp.signing.letters import mark_place
from webapp.signing.pdf import sign_pdf


@pytest.fixture
def instance(app, tmp_path, monkeypatch):
    """An instance folder of the test's own (keys, the local CA)."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    return tmp_path / "instance"


@pytest.fixture
def letter_pdf(instance):
    """A directive letter rendered, and its signer with a certificate of the local CA."""
    return letter_with_certificate()


@pytest.fixture
def signed_letter(letter_pdf) -> bytes:
    """The rendered letter signed by its signer, as the office issues it."""
    letter, pdf, anchor = letter_pdf
    return sign_pdf(pdf, letter.signer, mark_place(anchor), "Ký ban hành văn bản số 05/UBND-VP")
