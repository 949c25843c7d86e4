"""The administrator renews a signer's certificate from the app: the list shows where each
certificate stands, the to-do item leads to the signer's page, and a new PKCS#12 file replaces
the old one only when it opens and still holds."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.factories import small_city
from webapp.audit.models import AuditEvent
from webapp.database import utcnow
from webapp.extensions import db
from webapp.files import instance_folder
from webapp.signers.forms import P12_MAX_BYTES
from webapp.signing.appearance import draw_mark
from webapp.signing.keys import pyhanko_signer
from webapp.signing.pki import issue_signing_certificate, local_ca

ORG = "UBND thành phố Biên Hòa"


@pytest.fixture
def city(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    city = small_city()
    db.session.commit()
    return city


@pytest.fixture
def admin(auth, city):
    assert auth.login("quantri", PASSWORD).status_code == 302
    return city


def new_certificate(signer, valid_for=timedelta(days=730)):
    ca = local_ca(instance_folder("pki"), ORG)
    return issue_signing_certificate(ca, signer.full_name, ORG, valid_for)


def upload(client, auth, signer, p12: bytes, password: str, stamp: bytes | None = None):
    path = f"/admin/signers/{signer.id}/certificate"
    data = {"csrf_token": auth.csrf_token(path), "p12": (io.BytesIO(p12), "chu-ky.p12")}
    data["password"] = password
    if stamp is not None:
        data["stamp"] = (io.BytesIO(stamp), "dau.png")
    return client.post(path, data=data, content_type="multipart/form-data")


def test_the_list_shows_where_each_certificate_stands_and_the_to_do_item_leads_there(client, admin):
    deputy = admin.signer_of(admin.deputy)
    deputy.certificate_file = "keys/cu.p12"
    deputy.certificate_expires_at = utcnow() + timedelta(days=10)
    db.session.commit()

    page = client.get("/admin/signers").get_data(as_text=True)
    assert 'data-standing="expiring"' in page and "Sắp hết hạn" in page
    assert 'data-standing="none"' in page  # the chairman has none yet
    landing = client.get("/").get_data(as_text=True)
    assert f'href="/admin/signers/{deputy.id}/certificate"' in landing
    assert "Người ký và chứng thư" in landing  # in the admin's menu


def test_a_new_certificate_replaces_the_old_one_for_the_next_signature(client, auth, admin):
    deputy = admin.signer_of(admin.deputy)
    issued = new_certificate(deputy)
    answer = upload(client, auth, deputy, issued.p12, issued.password, draw_mark("Hương", ORG))
    assert answer.status_code == 302 and answer.location.endswith("/admin/signers")

    db.session.expire_all()
    assert deputy.certificate_expires_at == issued.certificate.not_valid_after_utc
    assert "Lê Thị Thanh Hương" in deputy.certificate_subject
    assert deputy.stamp_image
    key = pyhanko_signer(deputy)
    assert key.signing_cert.serial_number == issued.certificate.serial_number
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "attach_certificate")
    ).one()
    assert event.actor_id == admin.admin.id and event.entity_id == str(deputy.id)
    listed = client.get("/admin/signers").get_data(as_text=True)
    assert "Đã nạp chứng thư số cho Lê Thị Thanh Hương" in listed
    assert 'data-standing="valid"' in listed


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong password", "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng."),
        ("expired", "Chứng thư số trong tệp đã hết hạn lúc"),
        ("not a picture", "Ảnh chữ ký phải là tệp PNG."),
        ("too large", f"Tệp chứng thư số quá lớn: tối đa {P12_MAX_BYTES // 1024} KB."),
    ],
)
def test_a_file_that_does_not_open_or_hold_changes_nothing(client, auth, admin, case, message):
    deputy = admin.signer_of(admin.deputy)
    issued = new_certificate(deputy, timedelta(hours=-1 if case == "expired" else 1))
    p12, password, stamp = issued.p12, issued.password, None
    if case == "wrong password":
        password = "khong-dung"
    elif case == "not a picture":
        stamp = b"GIF89a"
    elif case == "too large":
        p12 = b"\0" * (P12_MAX_BYTES + 1)

    answer = upload(client, auth, deputy, p12, password, stamp)
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    db.session.expire_all()
    assert deputy.certificate_file == "" and deputy.certificate_expires_at is None
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "attach_certificate")
    ).all()
