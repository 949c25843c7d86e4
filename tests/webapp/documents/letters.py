"""Read rendered letters back: PDF text and fonts through poppler, DOCX text through python-docx."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.table import Table

REFERENCE = Path(__file__).parent / "reference"


def need(tool: str) -> str:
    """Return the path of a command-line tool, skipping the test when it is missing."""
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed")
    return path


def pdf_text(data: bytes, folder: Path, *options: str) -> str:
    """Return pdftotext's text of a PDF (options such as -layout or -raw)."""
    path = folder / "letter.pdf"
    path.write_bytes(data)
    command = [need("pdftotext"), "-enc", "UTF-8", *options, str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdf_words(data: bytes, folder: Path, repeated: list[str] = ()) -> list[str]:
    """Return the words of the PDF's pages below the top margin, in drawing order.

    The top margin holds the page number; a page starting with the repeated words (a table
    header carried over) loses them.
    """
    below_margin = ("-y", "52", "-W", "600", "-H", "800")  # points: the margin is 20 mm
    pages = pdf_text(data, folder, "-raw", *below_margin).split("\f")
    found: list[str] = []
    repeated = list(repeated)
    for number, page in enumerate(pages, start=1):
        page_words = page.split()
        if number > 1 and repeated and page_words[: len(repeated)] == repeated:
            page_words = page_words[len(repeated) :]
        found.extend(page_words)
    return found


def pdf_fonts(data: bytes, folder: Path) -> list[list[str]]:
    """Return pdffonts' rows (name, type, encoding, embedded, subset, unicode, ...)."""
    path = folder / "fonts.pdf"
    path.write_bytes(data)
    output = subprocess.run(
        [need("pdffonts"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    return [line.split() for line in output.splitlines()[2:] if line.strip()]


def docx_lines(data: bytes) -> list[str]:
    """Return the DOCX body's paragraphs in reading order, table cells left to right."""
    lines: list[str] = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            elif block.text.strip():
                lines.extend(part for part in block.text.split("\n") if part.strip())

    walk(docx.Document(BytesIO(data)))
    return lines


def collapse(text: str) -> str:
    """Return the text with every run of whitespace made one space."""
    return " ".join(text.split())


def words(lines: list[str]) -> list[str]:
    """Return the words of some lines."""
    return " ".join(lines).split()


def libreoffice_pdfs(sources: list[Path], folder: Path) -> Path:
    """Convert DOCX files to PDF with headless LibreOffice (a profile of its own, one call);
    return the folder the PDFs are in, each named after its DOCX."""
    soffice = need("soffice")
    profile = (folder / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(folder / "out"), *map(str, sources)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return folder / "out"
