"""DOCX and PDF rendering of every letter kind: the words, the fonts, the layout rules, safety."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from datetime import date
from io import BytesIO
from zipfile import ZipFile

import docx
import pytest
from pypdf import PdfReader

from tests.webapp.documents import samples
from tests.webapp.documents.letters import (
    REFERENCE,
    collapse,
    docx_lines,
    need,
    pdf_fonts,
    pdf_text,
    pdf_words,
    words,
)
from webapp.directives.models import LetterKind
from webapp.documents.context import letter_context
from webapp.documents.render import (
    DOC_TEMPLATES,
    LocalFetcher,
    builtin_version,
    render_docx,
    render_pdf,
    template_folder,
)

KINDS = [kind.value for kind in LetterKind]
# The day the unsigned sample (the reminder) is prepared on: its date line's year.
PREPARED_ON = date(2026, 12, 4)
HOSTILE = "A & B <c> \"q\" 'x'\nline2 😀"
LONG_NAME = ("Ông " + "Nguyễn Văn Trường " * 30)[:499] + "A"  # 500 characters


@pytest.fixture(scope="module")
def rendered():
    """Each kind's context, DOCX and PDF, rendered once for the module."""
    letters = {}
    for kind in KINDS:
        context = letter_context(samples.BUILDERS[kind](), today=PREPARED_ON)
        letters[kind] = (context, render_docx(context, kind), render_pdf(context, kind))
    return letters


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_text_matches_the_reviewed_reference(kind, rendered, tmp_path):
    context, _, pdf = rendered[kind]
    text = pdf_text(pdf, tmp_path, "-layout")
    reference = (REFERENCE / f"{kind}.txt").read_text(encoding="utf-8")
    assert collapse(text) == collapse(reference)
    assert unicodedata.is_normalized("NFC", text)
    letters = {char for line in context["content_lines"] for char in line if ord(char) > 127}
    assert letters <= set(text), letters - set(text)


@pytest.mark.parametrize("kind", KINDS)
def test_docx_pdf_and_context_say_the_same_words(kind, rendered, tmp_path):
    context, docx_bytes, pdf = rendered[kind]
    expected = words(context["content_lines"])
    assert words(docx_lines(docx_bytes)) == expected
    # A table split over pages repeats its header on each page.
    assert pdf_words(pdf, tmp_path, words(context["table"]["columns"])) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_docx_is_times_new_roman_a4_with_nd30_margins(kind, rendered):
    _, docx_bytes, _ = rendered[kind]
    with ZipFile(BytesIO(docx_bytes)) as package:
        assert package.testzip() is None
        styles = package.read("word/styles.xml").decode()
        body = package.read("word/document.xml").decode()
    font_tags = re.findall(r"<w:rFonts [^>]*>", styles + body)
    fonts = {
        f for tag in font_tags for f in re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', tag)
    }
    assert fonts == {"Times New Roman"}
    assert "Theme" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", styles)
    section = docx.Document(BytesIO(docx_bytes)).sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [margin.mm for margin in margins] == pytest.approx([20, 20, 30, 15], abs=0.1)
    assert section.different_first_page_header_footer
    assert 'w:instr=" PAGE "' in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_embeds_liberation_serif_and_names_the_subject(kind, rendered, tmp_path):
    context, _, pdf = rendered[kind]
    rows = pdf_fonts(pdf, tmp_path)
    assert rows
    for name, *_rest in rows:
        assert re.fullmatch(r"[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?", name), name
    assert all(row[-5] == "yes" for row in rows)  # embedded
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata.title == context["subject"]
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (float(width), float(height)) == pytest.approx((595.28, 841.89), abs=0.5)


def test_number_dates_addressees_recipients_and_signer(rendered, tmp_path):
    _, directive_docx, directive_pdf = rendered["directive"]
    directive_text = collapse(pdf_text(directive_pdf, tmp_path, "-raw"))
    directive_docx_text = collapse(" ".join(docx_lines(directive_docx)))
    for text in (directive_text, directive_docx_text):
        assert "Số: 05/UBND-VP" in text
        assert "Biên Hòa, ngày 05 tháng 01 năm 2024" in text
        assert "Kính gửi: - Phòng Quản lý đô thị thành phố; - Phòng Nội vụ thành phố;" in text
        assert "- UBND 30 phường, xã. Căn cứ" in text
        assert "Nơi nhận: - Như trên;" in text
        assert "- Lưu: VT, VP. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Đính" in text
    _, notice_docx, notice_pdf = rendered["notice"]
    for text in (
        collapse(pdf_text(notice_pdf, tmp_path, "-raw")),
        collapse(" ".join(docx_lines(notice_docx))),
    ):
        assert "Biên Hòa, ngày 29 tháng 6 năm 2024" in text
        assert "Kính gửi: UBND 30 phường, xã." in text
        assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in text
    # The notice's table runs onto page 2, which is numbered at its top.
    pages = pdf_text(notice_pdf, tmp_path, "-layout").split("\f")
    assert pages[1].split()[0] == "2"
    assert pages[0].split()[:4] == ["ỦY", "BAN", "NHÂN", "DÂN"]


def test_hostile_text_comes_out_literally(tmp_path):
    letter = samples.directive(
        subject=HOSTILE,
        addressees=[LONG_NAME],
        opening=[HOSTILE, "{{ 7 * 7 }} {% raw %} ]]> <w:p/> &amp; </p><script>x</script>"],
    )
    letter.signer.full_name = LONG_NAME
    context = letter_context(letter)
    assert len(LONG_NAME) == 500
    docx_bytes = render_docx(context, "directive")
    pdf = render_pdf(context, "directive")
    document = docx.Document(BytesIO(docx_bytes))
    with ZipFile(BytesIO(docx_bytes)) as package:
        body = package.read("word/document.xml").decode()
    assert "<w:br/>" in body  # the user's line break is a line break
    expected = "".join(words(context["content_lines"]))
    assert "".join(words(docx_lines(docx_bytes))) == expected
    assert "".join(pdf_words(pdf, tmp_path)) == expected
    text = pdf_text(pdf, tmp_path, "-raw")
    for fragment in ("A & B <c> \"q\" 'x'", "line2 😀", "{{ 7 * 7 }} {% raw %} ]]> <w:p/> &amp;"):
        assert fragment in text
        assert fragment in "\n".join(p.text for p in document.paragraphs)
    assert "".join(LONG_NAME.split()) in "".join(text.split())
    assert "49" not in text


def test_rendering_is_deterministic(rendered):
    context, docx_bytes, pdf = rendered["directive"]
    assert render_pdf(context, "directive") == pdf
    assert render_docx(context, "directive") == docx_bytes


def test_fetcher_serves_template_files_only(tmp_path):
    fetcher = LocalFetcher(DOC_TEMPLATES)
    font = DOC_TEMPLATES / "fonts" / "LiberationSerif-Regular.ttf"
    response = fetcher.fetch(font.as_uri())
    assert response.read()[:4] == b"\x00\x01\x00\x00"
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }")
    sneaky = (DOC_TEMPLATES / ".." / "pyproject.toml").as_uri()
    for url in ("https://example.com/style.css", "http://127.0.0.1/x", outside.as_uri(), sneaky):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_builtin_templates_and_versions():
    for kind in KINDS:
        folder = template_folder(kind)
        assert folder == DOC_TEMPLATES / kind == template_folder(kind, "builtin")
        for name in ("template.docx", "template.html", "style.css", "metadata.yaml"):
            assert (folder / name).is_file()
        assert builtin_version(kind) == "1"
    with pytest.raises(ValueError):
        template_folder("memo")


def test_libreoffice_opens_and_converts_every_docx(rendered, tmp_path):
    soffice = need("soffice")
    sources = []
    for kind in KINDS:
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(rendered[kind][1])
        sources.append(path)
    hostile = samples.BUILDERS["directive"]()
    hostile.subject = HOSTILE
    hostile.assignments[0].text = HOSTILE
    path = tmp_path / "hostile.docx"
    path.write_bytes(render_docx(letter_context(hostile), "directive"))
    sources.append(path)
    profile = (tmp_path / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path / "out"), *map(str, sources)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for source in sources:
        converted = tmp_path / "out" / f"{source.stem}.pdf"
        assert converted.is_file(), f"LibreOffice did not convert {source.name}: {done.stderr}"
        text = pdf_text(converted.read_bytes(), tmp_path)
        assert unicodedata.is_normalized("NFC", text)
        if source.stem in rendered:
            context = rendered[source.stem][0]
            # LibreOffice places some accented letters apart, so pdftotext may split a word
            # there: compare the letters, every diacritic included, not the words.
            expected = Counter("".join(words(context["content_lines"])))
            assert expected <= Counter("".join(text.split()))
    assert "A & B <c>" in collapse(
        pdf_text((tmp_path / "out" / "hostile.pdf").read_bytes(), tmp_path)
    )
