"""Issuing bodies and their signers: the lines above a signer's name, one signer per account, one
body per name."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from tests import factories
from webapp.extensions import db


def test_the_authority_comes_before_the_title_and_an_empty_one_is_left_out(app):
    body = factories.issuing_body()
    chairman = factories.signer(body, "Trần Minh Khôi", "CHỦ TỊCH", authority="")
    deputy = factories.signer(body, "Lê Thị Thanh Hương", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")

    assert chairman.signature_lines == ["CHỦ TỊCH"]
    assert deputy.signature_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    db.session.expire(body)
    assert body.signers == [chairman, deputy]


def test_an_account_signs_as_one_signer_only(app):
    body = factories.issuing_body()
    leader = factories.user("leader")
    old = factories.signer(body, "Trần Minh Khôi", "CHỦ TỊCH", account=leader)
    db.session.commit()

    new = factories.signer(body, "Trần Minh Khôi", "PHÓ CHỦ TỊCH", account=leader)
    db.session.commit()
    db.session.expire_all()

    assert leader.signer == new and old.user is None and old.user_id is None


def test_two_issuing_bodies_cannot_share_a_name(app):
    factories.issuing_body("UBND-VP")
    db.session.commit()

    with pytest.raises(IntegrityError):
        factories.issuing_body("VP")
    db.session.rollback()
