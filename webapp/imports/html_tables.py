"""Read the rows of an HTML table: what many one-stop systems export under an .xls name.

The page is parsed as a stream (lxml's HTML parser: nothing run, nothing fetched), each row
dropped once read, so a table of a hundred thousand rows is read in one pass without being held
whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from webapp.imports.errors import FileRejected

HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body", b"<style")
SPREADSHEET_XML = b"urn:schemas-microsoft-com:office:spreadsheet"
# A colspan past this is not a table of figures: it is cut there.
MAX_COLSPAN = 100


def _start(head: bytes) -> bytes:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page or table."""
    start = _start(head)
    return start.startswith(HTML_STARTS) or (start.startswith(b"<") and b"<table" in start)


def looks_like_spreadsheet_xml(head: bytes) -> bool:
    """Whether a file's first bytes are Excel 2003's XML workbook (SpreadsheetML)."""
    return _start(head).startswith(b"<?xml") and SPREADSHEET_XML in head


def _cell_text(cell) -> str:
    """A cell's words, its line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(cell.itertext()).split())


def html_rows(raw: BinaryIO, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) for each non-empty row of the page's tables, in order; a cell
    spanning columns is followed by empty cells. Each row is dropped once read."""
    number = 0
    rows = etree.iterparse(
        raw,
        events=("end",),
        tag="tr",
        html=True,
        encoding=encoding,
        no_network=True,  # and libxml2's limits on depth and text kept (no huge_tree)
        remove_comments=True,
    )
    try:
        for _event, row in rows:
            number += 1
            cells: list[str] = []
            for cell in row:
                if cell.tag not in ("td", "th"):
                    continue
                cells.append(_cell_text(cell))
                span = (cell.get("colspan") or "1").strip()
                cells.extend([""] * (min(int(span), MAX_COLSPAN) - 1 if span.isdigit() else 0))
            row.clear(keep_tail=True)
            while row.getprevious() is not None:
                del row.getparent()[0]
            if any(cells):
                yield number, cells
    except etree.XMLSyntaxError as error:
        raise FileRejected(f"Trang HTML hỏng, không đọc được bảng: {error.msg}.") from None
    if number == 0:
        raise FileRejected("Tệp là trang HTML nhưng không có bảng (thẻ <table>) nào để đọc.")
