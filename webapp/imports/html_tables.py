"""Read the rows of an HTML table: what many one-stop systems export under an .xls name.

The page is parsed as a stream (html.parser, nothing run, nothing fetched), so a table of a
hundred thousand rows is read in one pass without being held whole."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TextIO

from webapp.imports.errors import FileRejected

HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body", b"<style")
SPREADSHEET_XML = b"urn:schemas-microsoft-com:office:spreadsheet"
# A colspan past this is not a table of figures: it is cut there.
MAX_COLSPAN = 100
CHUNK_CHARS = 1 << 16


def _start(head: bytes) -> bytes:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page or table."""
    start = _start(head)
    return start.startswith(HTML_STARTS) or (start.startswith(b"<") and b"<table" in start)


def looks_like_spreadsheet_xml(head: bytes) -> bool:
    """Whether a file's first bytes are Excel 2003's XML workbook (SpreadsheetML)."""
    return _start(head).startswith(b"<?xml") and SPREADSHEET_XML in head


class _TableRows(HTMLParser):
    """Collect the rows of every table as lists of cell texts, in the page's order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.skipping = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag == "tr":
            self._end_row()
            self.row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row = []
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = min(int(span), MAX_COLSPAN) if span.strip().isdigit() else 1
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(self.skipping - 1, 0)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skipping:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.row.extend([""] * (max(self.span, 1) - 1))
        self.cell, self.span = None, 1

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            self.done.append(self.row)
        self.row = None


def html_rows(text: TextIO) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) for each non-empty row of the page's tables."""
    parser = _TableRows()
    number = 0
    while chunk := text.read(CHUNK_CHARS):
        parser.feed(chunk)
        for row in parser.done:
            number += 1
            if any(row):
                yield number, row
        parser.done.clear()
    parser.close()
    parser._end_row()
    for row in parser.done:
        number += 1
        if any(row):
            yield number, row
    if number == 0:
        raise FileRejected("Tệp là trang HTML nhưng không có bảng (thẻ <table>) nào để đọc.")
