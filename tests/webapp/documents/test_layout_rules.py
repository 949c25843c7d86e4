"""Layout rules checked on the printed page, in the PDF and in LibreOffice's PDF of the DOCX:

- the signer block and Nơi nhận never stand alone on the last page: whatever the letter's length,
  their page holds body text above them (each kind is rendered with more and more closing
  paragraphs, across the lengths at which the signer block used to be pushed onto a page of its
  own);
- a table's header cells hold whole words ("STT", "Tiếp nhận" are never broken inside).
"""

from __future__ import annotations

import re
from io import BytesIO
from zipfile import ZipFile

import pytest

from tests.webapp.documents import samples
from tests.webapp.documents.letters import libreoffice_pdfs, pdf_text
from webapp.documents.context import letter_context
from webapp.documents.render import render_docx, render_pdf
from workflows.letters.drafting import NOTICE_COLUMNS

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
    "apology": range(10, 20, 2),
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
    sources = []
    for kind, lengths in LENGTHS.items():
        for extra in lengths:
            path = tmp_path / f"{kind}-{extra:02d}.docx"
            path.write_bytes(render_docx(lengthened(kind, extra), kind))
            sources.append(path)
    converted = libreoffice_pdfs(sources, tmp_path)

    alone = [
        source.stem
        for source in sources
        if not body_above_recipients(
            pdf_text((converted / f"{source.stem}.pdf").read_bytes(), tmp_path).split("\f")
        )
    ]
    assert alone == []


def full_notice():
    """The notice with the nine columns a drafted notice has, for 30 wards."""
    letter = samples.notice()
    letter.table = {
        "columns": list(NOTICE_COLUMNS),
        "rows": [
            [str(n), f"UBND phường {ward}", "120", "118", "2", "0", "1", "0", "98,33"]
            for n, ward in enumerate(samples.WARDS, start=1)
        ],
    }
    return letter_context(letter)


def header_tokens(pdf: bytes, folder) -> list[str]:
    """The words printed above the table's first row, from the table's first header word on."""
    lines = pdf_text(pdf, folder, "-raw").split("\f")[0].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ST"))
    end = next(i for i in range(start, len(lines)) if re.match(r"1\b", lines[i]))  # first row
    return " ".join(lines[start:end]).split()


def test_table_headers_hold_whole_words_in_the_pdf_and_the_docx(app, tmp_path):
    context = full_notice()
    words = sorted(" ".join(NOTICE_COLUMNS).split())
    source = tmp_path / "notice.docx"
    source.write_bytes(render_docx(context, "notice"))
    converted_folder = libreoffice_pdfs([source], tmp_path)

    printed = sorted(header_tokens(render_pdf(context, "notice"), tmp_path))
    converted = sorted(header_tokens((converted_folder / "notice.pdf").read_bytes(), tmp_path))

    assert printed == words
    # LibreOffice draws some accented letters apart, so its text splits Vietnamese words where it
    # placed them: the words without accents are checked there.
    assert {"STT", "(%)"} <= set(converted)


def test_a_wrapped_subject_never_leaves_one_word_alone(app, tmp_path):
    letter = samples.directive()
    # Wraps in the header's 7 cm column so that, left alone, "xã" would end it on a line of its own.
    letter.subject = (
        "chấn chỉnh tình trạng giải quyết hồ sơ thủ tục hành chính quá hạn tại các phường xã"
    )
    context = letter_context(letter)
    document = render_docx(context, "directive")

    lines = pdf_text(render_pdf(context, "directive"), tmp_path, "-raw").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("V/v "))
    subject_lines = []
    for line in lines[first:]:
        subject_lines.append(line)
        if line.rstrip().endswith("xã"):
            break

    assert len(subject_lines) > 1
    assert len(subject_lines[-1].split()) >= 2, subject_lines
    assert "phường\u00a0xã" in docx_xml(document)
    assert context["content_lines"][5].endswith(
        "tại các phường xã"
    )  # copied text keeps plain spaces


def docx_xml(document: bytes) -> str:
    with ZipFile(BytesIO(document)) as package:
        return package.read("word/document.xml").decode()
