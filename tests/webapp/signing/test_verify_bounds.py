"""Checking a PDF is bounded whatever the file: each distinct signature is validated and its
signed range hashed once, however many fields point to it; past VERIFY_MAX_SIGNATURES the rest
are reported unchecked; a forged /ByteRange, too many certificates or too many later objects are
refused before any hashing; past the time budget the check stops with its own status, and an
upload's check that does not stop by itself is killed in its child process."""

from __future__ import annotations

import io
import multiprocessing
import time

import pytest
from pyhanko.sign.validation import pdf_embedded

import webapp.signing.budget as budget
import webapp.signing.verify as verify
from tests.webapp.signing import appended
from webapp.signing.verify import LABELS, MODIFIED, TOO_COMPLEX, VALID, verify_pdf


def post_pdf(client, data: bytes):
    page = client.get("/verify").get_data(as_text=True)
    token = page.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]
    return client.post(
        "/verify",
        data={"csrf_token": token, "file": (io.BytesIO(data), "cong-van.pdf")},
        content_type="multipart/form-data",
    )


@pytest.fixture
def calls(monkeypatch):
    """Count the signatures validated and the signed ranges hashed."""
    counted = {"validated": 0, "hashed": 0}
    validate, digest = verify.validate_pdf_signature, pdf_embedded.byte_range_digest

    def counting_validate(*args, **kwargs):
        counted["validated"] += 1
        return validate(*args, **kwargs)

    def counting_digest(*args, **kwargs):
        counted["hashed"] += 1
        return digest(*args, **kwargs)

    monkeypatch.setattr(verify, "validate_pdf_signature", counting_validate)
    monkeypatch.setattr(pdf_embedded, "byte_range_digest", counting_digest)
    return counted


def test_two_thousand_fields_sharing_one_signature_are_checked_once(signed_letter, calls):
    forged = appended.with_fields_sharing_the_signature(signed_letter, 2000)

    reports = verify_pdf(forged)

    assert calls == {"validated": 1, "hashed": 1}
    (report,) = reports
    assert report.status == MODIFIED  # the fields were added after signing
    assert report.field_name == "ChuKySo"
    assert any(
        "2.000 trường chữ ký khác trỏ tới chính chữ ký này" in detail
        and "Ban lap 0" in detail
        and "không kiểm tra lại" in detail
        for detail in report.details
    )


def test_the_verify_page_reports_the_duplicates(client, signed_letter):
    forged = appended.with_fields_sharing_the_signature(signed_letter, 2000)

    answer = post_pdf(client, forged)

    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert page.count('data-testid="signature-report"') == 1
    assert 'data-status="modified"' in page and "2.000 trường chữ ký khác" in page


def test_signatures_past_the_limit_are_reported_unchecked(app, signed_letter, calls, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_MAX_SIGNATURES", 3)
    copied = appended.with_signature_copies(signed_letter, 4)  # five distinct signatures

    reports = verify_pdf(copied)

    assert calls == {"validated": 3, "hashed": 1}  # the copies share the signed range
    assert [r.field_name for r in reports] == ["ChuKySo", "Ban sao 0", "Ban sao 1", ""]
    assert reports[-1].status == TOO_COMPLEX
    assert reports[-1].label == "Tệp quá phức tạp để kiểm tra tại đây"
    assert reports[-1].details == [
        "Tệp có 5 chữ ký khác nhau; chỉ 3 chữ ký đầu được kiểm tra tại đây, 2 chữ ký còn lại "
        "chưa được kiểm tra."
    ]


def test_a_byte_range_other_than_two_pieces_is_refused_before_hashing(signed_letter, calls):
    whole = [0, len(signed_letter)]
    forged = appended.with_signature_copies(signed_letter, 1, byte_range=whole * 50)

    first, copy = verify_pdf(forged)

    assert calls == {"validated": 1, "hashed": 1}  # the first signature only
    assert copy.status == MODIFIED and copy.field_name == "Ban sao 0"
    assert copy.details == ["Vùng ký (/ByteRange) không phải hai đoạn liền quanh chữ ký."]


def test_a_signature_carrying_too_many_certificates_is_refused_unchecked(
    signed_letter, calls, monkeypatch
):
    monkeypatch.setattr(budget, "MAX_CERTIFICATES", 1)

    (report,) = verify_pdf(signed_letter)  # the signer's certificate and the CA's

    assert calls == {"validated": 0, "hashed": 0}
    assert report.status == TOO_COMPLEX
    assert report.details == ["Chữ ký mang 2 chứng thư, quá nhiều để dựng chuỗi chứng thư tại đây."]


def test_too_many_objects_written_after_signing_are_refused_unchecked(
    signed_letter, calls, monkeypatch
):
    monkeypatch.setattr(budget, "MAX_LATER_OBJECTS", 5)
    forged = appended.with_fields_sharing_the_signature(signed_letter, 5)

    (report,) = verify_pdf(forged)

    assert calls == {"validated": 0, "hashed": 0}
    assert report.status == TOO_COMPLEX
    assert report.details[0].startswith("Tệp có ")
    assert report.details[0].endswith(" đối tượng ghi sau khi ký, quá nhiều để so sánh tại đây.")


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_hashing_that_runs_past_the_budget_stops_with_its_own_status(
    app, signed_letter, monkeypatch
):
    clock, outcomes = Clock(), []
    monkeypatch.setattr(budget, "monotonic", clock)
    monkeypatch.setitem(app.config, "VERIFY_TIME_BUDGET_SECONDS", 2)
    digest = pdf_embedded.byte_range_digest

    def slow_digest(*args, **kwargs):
        clock.now += 3  # as if the first chunk took longer than the whole budget
        try:
            return digest(*args, **kwargs)
        except budget.TooComplex as stopped:
            outcomes.append(stopped)
            raise

    monkeypatch.setattr(pdf_embedded, "byte_range_digest", slow_digest)
    copied = appended.with_signature_copies(signed_letter, 2)

    reports = verify_pdf(copied)

    assert len(outcomes) == 1  # the hashing itself was cut off, and nothing ran after it
    (report,) = reports
    assert report.status == TOO_COMPLEX and report.label == LABELS[TOO_COMPLEX]
    assert report.field_name == "ChuKySo"
    assert report.details == [
        "Việc kiểm tra vượt quá thời gian cho phép (2 giây) nên đã dừng lại; hãy dùng phần mềm "
        "ký số trên máy để kiểm tra tệp này.",
        "2 chữ ký sau đó chưa được kiểm tra.",
    ]


def test_an_ordinary_letter_is_checked_well_within_its_budget(app, signed_letter, calls):
    assert app.config["VERIFY_TIME_BUDGET_SECONDS"] == 5
    assert app.config["VERIFY_MAX_SIGNATURES"] == 20
    (report,) = verify_pdf(signed_letter)
    assert report.status == VALID and report.details == []
    assert calls == {"validated": 1, "hashed": 1}


def test_an_upload_whose_check_never_ends_is_stopped_at_the_hard_deadline(
    app, client, signed_letter, monkeypatch
):
    def endless(_data):
        time.sleep(3600)

    monkeypatch.setattr(verify, "verify_pdf", endless)
    monkeypatch.setattr(verify, "HARD_LIMIT_GRACE", 0)
    monkeypatch.setitem(app.config, "VERIFY_TIME_BUDGET_SECONDS", 0.2)

    answer = post_pdf(client, signed_letter)

    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'data-status="too_complex"' in page and LABELS[TOO_COMPLEX] in page
    assert "vượt quá thời gian cho phép (0,2 giây)" in page
    assert multiprocessing.active_children() == []  # the child was killed and reaped


def test_a_cross_reference_table_of_millions_of_entries_is_stopped(
    app, client, signed_letter, monkeypatch
):
    # Parsed whole before any object is read, so only the hard deadline stops it.
    bomb = appended.with_huge_xref_table(signed_letter, 2_000_000)
    monkeypatch.setitem(app.config, "VERIFY_TIME_BUDGET_SECONDS", 0.2)
    monkeypatch.setattr(verify, "HARD_LIMIT_GRACE", 0.3)

    (report,) = verify.verify_upload(bomb)

    assert report.status == TOO_COMPLEX
    assert report.details == [
        "Việc kiểm tra vượt quá thời gian cho phép (0,2 giây) nên đã dừng lại; hãy dùng phần "
        "mềm ký số trên máy để kiểm tra tệp này."
    ]
    assert multiprocessing.active_children() == []


def test_an_upload_is_checked_in_a_child_with_the_same_verdict(app, signed_letter):
    forged = appended.with_title(signed_letter, "Quyết định kỷ luật (GIẢ MẠO)")
    assert verify.verify_upload(signed_letter) == verify_pdf(signed_letter)
    assert verify.verify_upload(forged) == verify_pdf(forged)
