"""A file name is judged as Windows will save it (trailing dots and spaces dropped), and an
evidence file downloads under a name whose extension follows its content."""

from __future__ import annotations

import pytest

from tests.security.forging import PDF, files_under, post_multipart, row_counts
from webapp.extensions import db
from webapp.files import clean_file_name
from webapp.reports.models import Evidence, Report


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("x.html.", "x.html"),
        ("x.html . .", "x.html"),
        ("bien-ban.pdf ", "bien-ban.pdf"),
        ("..hidden.pdf", "hidden.pdf"),
        (" . ", "tep-dinh-kem"),
    ],
)
def test_a_file_name_loses_the_dots_and_spaces_windows_would_drop(sent, kept):
    assert clean_file_name(sent) == kept


def post_evidence(client, issued, tokens, name: str):
    """Report on An Bình's task through the API with one PDF sent under the given name."""
    return post_multipart(
        client,
        f"/api/v1/tasks/{issued.task('ANBINH').id}/reports",
        [("text", "Đã khắc phục."), ("percent", "100")],
        [("files", name, "application/pdf", PDF)],
        tokens["anbinh"],
    )


@pytest.mark.parametrize("name", ["x.html.", "x.html. ", "bao-cao.htm.."])
def test_evidence_named_html_with_a_trailing_dot_is_refused(client, issued, tokens, name):
    before = row_counts(Report, Evidence)

    answer = post_evidence(client, issued, tokens, name)

    assert answer.status_code == 422
    [detail] = answer.json["details"]
    shown = clean_file_name(name)
    assert detail["value"] == shown
    assert detail["message"].startswith(f"Tệp “{shown}” có đuôi .htm")
    assert "nội dung là tệp PDF" in detail["message"]
    assert row_counts(Report, Evidence) == before


def report_with(client, issued, tokens, name: str) -> Evidence:
    answer = post_evidence(client, issued, tokens, name)
    assert answer.status_code == 201, answer.json
    return db.session.get(Evidence, answer.json["evidence"][0]["id"])


def downloaded_as(client, login, evidence: Evidence) -> str:
    login("anbinh")
    answer = client.get(f"/evidence/{evidence.id}")
    answer.close()  # the file it sends
    assert answer.status_code == 200
    return answer.headers["Content-Disposition"]


def test_evidence_without_an_extension_downloads_with_its_contents_extension(
    client, issued, tokens, login, instance
):
    evidence = report_with(client, issued, tokens, "bien-ban-lam-viec")

    assert evidence.file_name == "bien-ban-lam-viec"
    assert downloaded_as(client, login, evidence) == "attachment; filename=bien-ban-lam-viec.pdf"
    assert len(files_under(instance / "evidence")) == 1


def test_a_name_kept_before_names_were_cleaned_downloads_as_what_the_file_is(
    client, issued, tokens, login
):
    evidence = report_with(client, issued, tokens, "bien-ban.pdf")
    evidence.file_name = "x.html."  # as an older version of the app kept it
    db.session.commit()

    assert downloaded_as(client, login, evidence) == "attachment; filename=x.html.pdf"


def test_an_evidence_file_named_as_its_content_keeps_its_name(client, issued, tokens, login):
    evidence = report_with(client, issued, tokens, "Biên bản.pdf")

    disposition = downloaded_as(client, login, evidence)

    assert disposition.endswith("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf")
