"""What an update appended after signing may change: long-term validation data (a DSS, a
document timestamp) leaves the letter valid; a new title or new XMP metadata makes it "updated
after signing", naming what changed, never valid."""

from __future__ import annotations

import io

from tests.webapp.signing import appended
from tests.webapp.signing.certificates import ORG
from webapp.signing.changes import LONG_TERM_ONLY
from webapp.signing.verify import LABELS, UPDATED, VALID, verify_pdf

FORGED_TITLE = "Quyết định kỷ luật (GIẢ MẠO)"


def test_the_signed_letter_as_issued_is_valid(signed_letter):
    (report,) = verify_pdf(signed_letter)
    assert report.status == VALID and report.details == []


def test_a_title_changed_after_signing_is_not_valid_and_named(signed_letter):
    (report,) = verify_pdf(appended.with_title(signed_letter, FORGED_TITLE))

    assert report.status == UPDATED
    assert report.label == (
        "Chữ ký đúng nhưng tệp có cập nhật sau khi ký: nội dung đang xem có thể khác bản đã ký"
    )
    assert report.details == [f"Tiêu đề tài liệu (/Info) đã đổi thành “{FORGED_TITLE}”."]
    assert "Nguyễn Hữu Đính" in report.signer  # the signature itself is still the signer's


def test_xmp_metadata_replaced_after_signing_is_not_valid(signed_letter):
    (report,) = verify_pdf(appended.with_xmp(signed_letter))

    assert report.status == UPDATED
    assert report.details == ["Siêu dữ liệu XMP đã thay sau khi ký."]


def test_a_title_and_xmp_changed_together_are_both_named(signed_letter):
    forged = appended.with_xmp(appended.with_title(signed_letter, FORGED_TITLE))

    (report,) = verify_pdf(forged)

    assert report.status == UPDATED
    assert report.details == [
        f"Tiêu đề tài liệu (/Info) đã đổi thành “{FORGED_TITLE}”.",
        "Siêu dữ liệu XMP đã thay sau khi ký.",
    ]


def test_a_dss_added_after_signing_keeps_the_letter_valid(signed_letter):
    (report,) = verify_pdf(appended.with_dss(signed_letter))

    assert report.status == VALID
    assert report.details == [LONG_TERM_ONLY]


def test_a_dss_and_a_document_timestamp_keep_the_letter_valid(signed_letter, instance):
    extended = appended.with_document_timestamp(
        appended.with_dss(signed_letter), instance / "pki", ORG
    )

    reports = verify_pdf(extended)

    assert [(r.status, r.field_name) for r in reports] == [(VALID, "ChuKySo")]
    assert reports[0].details == [LONG_TERM_ONLY]


def test_a_title_changed_next_to_a_dss_is_still_named(signed_letter):
    forged = appended.with_title(appended.with_dss(signed_letter), FORGED_TITLE)

    (report,) = verify_pdf(forged)

    assert report.status == UPDATED
    assert report.details == [f"Tiêu đề tài liệu (/Info) đã đổi thành “{FORGED_TITLE}”."]


def test_the_verify_page_never_shows_a_changed_title_as_valid(client, signed_letter):
    token = client.get("/verify").get_data(as_text=True).split('name="csrf_token"')[1]
    token = token.split('value="')[1].split('"')[0]
    forged = appended.with_title(signed_letter, FORGED_TITLE)

    answer = client.post(
        "/verify",
        data={"csrf_token": token, "file": (io.BytesIO(forged), "cong-van.pdf")},
        content_type="multipart/form-data",
    )

    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'data-status="updated"' in page and LABELS[UPDATED] in page
    assert LABELS[VALID] not in page
    assert "Tiêu đề tài liệu (/Info) đã đổi thành" in page and FORGED_TITLE in page
