"""Digital signatures: a signed letter verifies as valid, a byte changed after signing as
modified, a certificate from an unknown authority as untrusted; pyHanko's validation, pdfsig
and the signature dictionary read by pypdf agree."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.factories import small_city
from tests.webapp.signing.certificates import ORG, give_certificate
from webapp.directives.operations import (
    after_signing,
    approve_directive,
    draft_directive,
    submit_directive,
)
from webapp.documents.models import RenderedDocument
from webapp.documents.storage import letter_file, render_and_store
from webapp.extensions import db
from webapp.files import instance_folder
from webapp.signing.keys import attach_certificate
from webapp.signing.letters import mark_place
from webapp.signing.pdf import sign_pdf
from webapp.signing.pki import issue_signing_certificate, local_ca
from webapp.signing.verify import MODIFIED, UNSIGNED, UNTRUSTED, VALID, verify_pdf
from workflows.errors import Conflict


def pdfsig(data: bytes, folder) -> str:
    tool = shutil.which("pdfsig")
    if tool is None:
        pytest.skip("pdfsig (poppler-utils) is not installed")
    path = folder / "letter.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=60).stdout


def flip_a_byte(data: bytes) -> bytes:
    """Change one byte inside the first page's content, which the signature covers."""
    at = data.index(b"stream\n") + 40
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_a_signed_letter_is_valid_and_every_reader_agrees(letter_pdf, tmp_path):
    letter, pdf, anchor = letter_pdf
    signed = sign_pdf(pdf, letter.signer, mark_place(anchor), "Ký ban hành văn bản số 05/UBND-VP")
    (report,) = verify_pdf(signed)
    assert report.status == VALID
    assert "Nguyễn Hữu Đính" in report.signer
    assert report.chain[0].endswith("Country: VN") and "CA thử nghiệm" in report.chain[-1]
    assert report.signed_at is not None
    assert "Signature is Valid." in pdfsig(signed, tmp_path)
    reader = PdfReader(io.BytesIO(signed))
    field = reader.get_fields()["ChuKySo"]
    signature = field["/V"]
    assert signature["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    start, first, second, length = signature["/ByteRange"]
    assert start == 0 and second + length == len(signed)  # the whole file but the signature
    widget_box = [float(v) for v in field.indirect_reference.get_object()["/Rect"]]
    left, bottom, right, top = anchor[1]
    assert left <= widget_box[0] < widget_box[2] <= right and bottom <= widget_box[1]
    assert "Ký số bởi" not in pdfsig(signed, tmp_path)  # the caption is a picture, not text


def test_one_byte_changed_after_signing_is_modified(letter_pdf, tmp_path):
    letter, pdf, anchor = letter_pdf
    signed = sign_pdf(pdf, letter.signer, mark_place(anchor), "Ký")
    changed = flip_a_byte(signed)
    (report,) = verify_pdf(changed)
    assert report.status == MODIFIED
    assert "Signature is Valid." not in pdfsig(changed, tmp_path)


def test_a_certificate_from_an_unknown_authority_is_untrusted(letter_pdf, tmp_path):
    letter, pdf, anchor = letter_pdf
    give_certificate(letter.signer, tmp_path / "stranger-ca", "Cơ quan lạ")
    signed = sign_pdf(pdf, letter.signer, mark_place(anchor), "Ký")
    (report,) = verify_pdf(signed)
    assert report.status == UNTRUSTED
    assert "Signature is Valid." in pdfsig(signed, tmp_path)  # intact, only the trust fails


def test_a_pdf_without_signature_is_unsigned(letter_pdf):
    assert [r.status for r in verify_pdf(letter_pdf[1])] == [UNSIGNED]
    assert [r.status for r in verify_pdf(b"not a pdf")] == [UNSIGNED]


def test_signing_a_letter_signs_its_stored_pdf_once(app, instance, client):
    city = small_city()
    give_certificate(city.chairman.signer)
    db.session.commit()
    letter = draft_directive(city.office, "2024-01")
    submit_directive(city.office, letter)
    approve_directive(city.chairman, letter)
    db.session.commit()
    after_signing(letter)  # no Redis: rendered now
    stored = db.session.scalars(
        select(RenderedDocument).where(
            RenderedDocument.directive_id == letter.id, RenderedDocument.format == "pdf"
        )
    ).one()
    assert stored.digitally_signed
    signed = letter_file(letter, "pdf")
    assert [r.status for r in verify_pdf(signed)] == [VALID]
    render_and_store(letter)  # a re-render keeps the signed PDF as it is
    assert letter_file(letter, "pdf") == signed
    from webapp.documents.storage import store_rendered

    with pytest.raises(Conflict, match="đã được ký số"):
        store_rendered(letter, "pdf", b"%PDF-1.7 other", ["khác"])


def test_attaching_a_bad_pkcs12_is_refused(app, instance):
    city = small_city()
    from workflows.errors import InvalidInput

    with pytest.raises(InvalidInput, match="PKCS#12"):
        attach_certificate(None, city.chairman.signer, b"garbage", "x")


def test_anyone_checks_a_pdf_on_the_verify_page(client, letter_pdf):
    letter, pdf, anchor = letter_pdf
    signed = sign_pdf(pdf, letter.signer, mark_place(anchor), "Ký")
    page = client.get("/verify")
    assert page.status_code == 200
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1][:200]
    token = token.split('"')[0]
    for data, status in ((signed, VALID), (flip_a_byte(signed), MODIFIED)):
        answer = client.post(
            "/verify",
            data={"csrf_token": token, "file": (io.BytesIO(data), "cong-van.pdf")},
            content_type="multipart/form-data",
        )
        assert answer.status_code == 200
        assert f'data-status="{status}"' in answer.get_data(as_text=True)
    missing = client.post("/verify", data={"csrf_token": token})
    assert missing.status_code == 422 and "Chưa chọn tệp PDF" in missing.get_data(as_text=True)


def test_the_letters_signature_report_on_its_page_and_the_api(app, instance, client, auth):
    from webapp.auth.operations import issue_api_token

    city = small_city()
    give_certificate(city.chairman.signer)
    db.session.commit()
    letter = draft_directive(city.office, "2024-01")
    submit_directive(city.office, letter)
    approve_directive(city.chairman, letter)
    db.session.commit()
    after_signing(letter)
    token = issue_api_token(None, city.office)
    db.session.commit()
    answer = client.get(
        f"/api/v1/directives/{letter.id}/signature", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200
    assert answer.json[0]["status"] == VALID and answer.json[0]["signed_at"]
    assert auth.login("vanphong").status_code == 302
    page = client.get(f"/directives/{letter.id}/signature").get_data(as_text=True)
    assert 'data-status="valid"' in page
    register = client.get(f"/register?year={letter.letter_date.year}").get_data(as_text=True)
    assert "Đã ký số" in register


def test_the_command_attaches_a_certificate_to_a_leader(app, instance, runner, tmp_path):
    city = small_city()
    db.session.commit()
    issued = issue_signing_certificate(local_ca(instance_folder("pki"), ORG), "Trần Minh Khôi", ORG)
    p12 = tmp_path / "chutich.p12"
    p12.write_bytes(issued.p12)
    done = runner.invoke(
        args=["signers", "cert", "chutich", "--p12", str(p12), "--password", issued.password]
    )
    assert done.exit_code == 0, done.output
    assert "Trần Minh Khôi" in done.output
    signer = db.session.get(type(city.chairman.signer), city.chairman.signer.id)
    assert signer.certificate_file and issued.password not in signer.certificate_secret
    wrong = runner.invoke(args=["signers", "cert", "chutich", "--p12", str(p12), "--password", "x"])
    assert wrong.exit_code != 0 and "PKCS#12" in (wrong.output + (wrong.stderr or ""))
    nobody = runner.invoke(
        args=["signers", "cert", "vanphong", "--p12", str(p12), "--password", issued.password]
    )
    assert nobody.exit_code != 0
