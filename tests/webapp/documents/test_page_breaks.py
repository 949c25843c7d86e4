"""The signer block and Nơi nhận never stand alone on the last page: whatever the letter's length,
in the PDF and in LibreOffice's PDF of the DOCX, their page holds body text above them.

Each kind is rendered with more and more closing paragraphs, across the lengths at which the
signer block used to be pushed alone onto a page of its own."""

from __future__ import annotations

import subprocess

import pytest

from tests.webapp.documents import samples
from tests.webapp.documents.letters import need, pdf_text
from webapp.documents.context import letter_context
from webapp.documents.render import render_docx, render_pdf

FILLER = (
    "Đề nghị các đơn vị rà soát toàn bộ hồ sơ còn tồn đọng, báo cáo kết quả về Văn phòng HĐND và "
    "UBND thành phố để tổng hợp, báo cáo Chủ tịch UBND thành phố theo quy định."
)
# For each kind, extra closing paragraphs around the lengths that ended a page just before the
# signer block (PDF and DOCX alike).
LENGTHS = {
    "directive": range(0, 4),
    "notice": (0, 9, 10, 11, 12, 13),
    "criticism": range(4, 9),
    "reminder": range(3, 8),
}


def lengthened(kind: str, extra: int):
    letter = samples.BUILDERS[kind]()
    letter.closing = [*(letter.closing or []), *([FILLER] * extra)]
    return letter_context(letter)


def body_above_recipients(pages: list[str]) -> bool:
    """Whether the page with Nơi nhận has text above it besides the page number."""
    page = next(page for page in pages if "Nơi nhận" in page)
    above = page.split("Nơi nhận")[0]
    return any(line.strip() and not line.strip().isdigit() for line in above.splitlines())


@pytest.mark.parametrize("kind", LENGTHS)
def test_the_pdf_keeps_the_last_paragraph_with_the_signer(kind, tmp_path):
    for extra in LENGTHS[kind]:
        pages = pdf_text(render_pdf(lengthened(kind, extra), kind), tmp_path).split("\f")
        assert len(pages) > 1
        assert body_above_recipients(pages), (kind, extra)


def test_the_docx_keeps_the_last_paragraph_with_the_signer(app, tmp_path):
    soffice = need("soffice")
    sources = []
    for kind, lengths in LENGTHS.items():
        for extra in lengths:
            path = tmp_path / f"{kind}-{extra:02d}.docx"
            path.write_bytes(render_docx(lengthened(kind, extra), kind))
            sources.append(path)
    profile = (tmp_path / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path / "out"), *map(str, sources)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr

    alone = [
        source.stem
        for source in sources
        if not body_above_recipients(
            pdf_text((tmp_path / "out" / f"{source.stem}.pdf").read_bytes(), tmp_path).split("\f")
        )
    ]
    assert alone == []
