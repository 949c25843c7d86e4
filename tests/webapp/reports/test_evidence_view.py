"""Evidence opened in the browser: a PDF or a picture whose stored bytes are what it was stored as
opens inline under a policy that lets it run nothing; anything else, HTML or SVG above all, is only
ever downloaded. The unit's task page links its letter's PDF and offers "Xem" beside "Tải về"."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from PIL import Image

from tests.conftest import PASSWORD
from tests.factories import PDF
from webapp.extensions import db
from webapp.reports.evidence import Upload, evidence_dir
from webapp.reports.models import Evidence
from webapp.reports.operations import submit_report
from workflows.errors import InvalidInput

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def picture(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def log_in(auth, username):
    if auth._client.get("/account").status_code == 200:
        auth.logout()
    assert auth.login(username, PASSWORD).status_code == 302


def reported(issued, *uploads: Upload) -> list[Evidence]:
    city, task = issued.city, issued.task("ANBINH", 2)
    report = submit_report(city.anbinh, task, "Đã khắc phục.", 100, list(uploads))
    db.session.commit()
    return report.evidence


VIEWABLE = [
    ("bien-ban.pdf", PDF, "application/pdf"),
    ("anh.png", picture("PNG"), "image/png"),
    ("anh.jpg", picture("JPEG"), "image/jpeg"),
    ("anh.gif", picture("GIF"), "image/gif"),
    ("anh.webp", picture("WEBP"), "image/webp"),
]


@pytest.mark.parametrize(("name", "data", "content_type"), VIEWABLE, ids=lambda v: str(v)[:12])
def test_a_pdf_or_a_picture_opens_in_the_browser_running_nothing(
    client, auth, issued, name, data, content_type
):
    [evidence] = reported(issued, Upload(name, data))
    assert evidence.content_type == content_type
    log_in(auth, "anbinh")

    with client.get(f"/evidence/{evidence.id}?inline=1") as shown:
        assert shown.status_code == 200 and shown.data == data
        assert shown.headers["Content-Type"] == content_type
        assert shown.headers["Content-Disposition"].startswith("inline")
        assert shown.headers["X-Content-Type-Options"] == "nosniff"
        policy = shown.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy
        # Chromium's PDF viewer will not run sandboxed; every picture is.
        assert ("sandbox" in policy) == (content_type != "application/pdf")
    with client.get(f"/evidence/{evidence.id}") as saved:
        assert saved.headers["Content-Disposition"].startswith("attachment")
        assert saved.headers["Content-Type"] == content_type

    page = client.get(f"/tasks/{evidence.report.task_id}").text
    assert f'href="/evidence/{evidence.id}?inline=1"' in page
    assert re.search(rf'href="/evidence/{evidence.id}" download[^>]*>Tải về</a>', page)


def test_other_files_are_only_downloaded_and_offer_no_view(client, auth, issued):
    [evidence] = reported(issued, Upload("giai-trinh.docx", docx()))
    log_in(auth, "chutich")

    with client.get(f"/evidence/{evidence.id}?inline=1") as answer:
        assert answer.status_code == 200
        assert answer.headers["Content-Disposition"].startswith("attachment")
        assert answer.headers["Content-Type"] == DOCX_TYPE
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/tasks/{evidence.report.task_id}").text
    assert f"/evidence/{evidence.id}?inline=1" not in page
    assert f'href="/evidence/{evidence.id}" download' in page


@pytest.mark.parametrize(
    ("name", "data"),
    [("bien-ban.pdf", HTML), ("anh.png", HTML), ("anh.png", SVG), ("bien-ban.pdf", SVG)],
    ids=["html-as-pdf", "html-as-png", "svg-as-png", "svg-as-pdf"],
)
def test_html_or_svg_named_as_a_pdf_or_a_picture_is_never_served_inline(
    client, auth, issued, name, data
):
    with pytest.raises(InvalidInput):
        reported(issued, Upload(name, data))
    db.session.rollback()
    # Even stored as one (a file changed on disk behind the app's back), it only downloads.
    [evidence] = reported(issued, Upload(name, PDF if name.endswith(".pdf") else picture("PNG")))
    stored = next(evidence_dir().glob(f"{evidence.sha256}.*"))
    stored.write_bytes(data)
    log_in(auth, "anbinh")

    with client.get(f"/evidence/{evidence.id}?inline=1") as answer:
        assert answer.status_code == 200 and answer.data == data
        assert answer.headers["Content-Disposition"].startswith("attachment")
        assert answer.headers["Content-Type"] in ("application/pdf", "image/png")
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert "text/html" not in answer.headers["Content-Type"]
        assert "svg" not in answer.headers["Content-Type"]


def test_another_units_evidence_is_not_found_inline_either(client, auth, issued):
    [evidence] = reported(issued, Upload("bien-ban.pdf", PDF))
    log_in(auth, "tantien")
    assert client.get(f"/evidence/{evidence.id}?inline=1").status_code == 404


def test_the_units_task_page_links_its_letter_to_the_issued_pdf(client, auth, issued):
    task, letter = issued.task("ANBINH", 2), issued.letter
    log_in(auth, "anbinh")

    page = client.get(f"/tasks/{task.id}").text
    link = re.search(r'<a href="([^"]+)" data-testid="task-letter"[^>]*>([^<]+)</a>', page)
    assert link and link[1] == f"/directives/{letter.id}/pdf"
    assert link[2] == letter.number_text
    viewer = client.get(link[1])
    assert viewer.status_code == 200 and 'data-testid="pdf-frame"' in viewer.text
    with client.get(f"/directives/{letter.id}/document.pdf?inline=1") as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        assert pdf.headers["Content-Disposition"].startswith("inline")

    log_in(auth, "vanphong")
    page = client.get(f"/tasks/{task.id}").text
    assert f'<a href="/directives/{letter.id}" data-testid="task-letter"' in page
