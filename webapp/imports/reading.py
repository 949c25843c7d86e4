"""Open an uploaded table as its header and a stream of text rows.

The header need not be the first row: exports put a title, the period and the unit above it. It
is the first row, among the first HEADER_SEARCH_ROWS, that the caller's finder recognises; the
rows above it are kept to be shown, not read as data. A workbook's sheet is the one asked for,
or else the first whose header is recognised."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from webapp.imports.sheets import FileRejected, Rows, Sheet, nfc, open_book

# How far down a sheet its header is looked for.
HEADER_SEARCH_ROWS = 30

# Given a sheet's first rows, which is the header, and whether it is the header sought (True) or
# only the likeliest row (False): a header with a typo is still the header to report on.
HeaderFinder = Callable[[list[list[str]]], tuple[int, bool]]


def first_row(_rows: list[list[str]]) -> tuple[int, bool]:
    """The finder of a file whose header is its first row."""
    return 0, True


@dataclass
class Table:
    header: list[str]
    rows: Rows  # (row number in the sheet, from 1; cells)
    note: str = ""
    # How much of the file has been read, from 0 to 1.
    fraction: Callable[[], float] = lambda: 0.0
    header_row: int = 1
    # The rows above the header (a title, the period, the unit): shown, never read as data.
    above: list[tuple[int, list[str]]] = field(default_factory=list)
    sheet: str = ""  # the sheet read, "" for a CSV or HTML table
    sheets: list[str] = field(default_factory=list)  # every sheet of a workbook


@dataclass
class _Located:
    sheet: Sheet
    found: bool
    header: tuple[int, list[str]] | None
    above: list[tuple[int, list[str]]]
    rest: Rows


def _locate(sheet: Sheet, find: HeaderFinder) -> _Located:
    first = list(islice(sheet.rows, HEADER_SEARCH_ROWS))
    if not first:
        return _Located(sheet, False, None, [], iter(()))
    at, found = find([[nfc(cell) for cell in cells] for _number, cells in first])
    return _Located(sheet, found, first[at], first[:at], chain(first[at + 1 :], sheet.rows))


@contextmanager
def open_table(
    path: Path, max_bytes: int, find: HeaderFinder = first_row, sheet: str = ""
) -> Iterator[Table]:
    """Open a CSV, XLSX, XLS or HTML table and yield its header and the rows under it."""
    with open_book(path, max_bytes) as book:
        located = _choose_sheet(book.names, book.open_sheet, find, sheet)
        name = located.sheet.name
        if located.header is None:
            where = f"Trang tính “{name}”" if name else "Tệp"
            raise FileRejected(f"{where} không có dòng nào có nội dung.")
        number, cells = located.header
        yield Table(
            header=[nfc(cell) for cell in cells],
            rows=located.rest,
            note=book.note,
            fraction=located.sheet.fraction,
            header_row=number,
            above=[(row, [nfc(cell) for cell in cells]) for row, cells in located.above],
            sheet=name,
            sheets=[name for name in book.names if name],
        )


def _choose_sheet(names: list[str], open_sheet, find: HeaderFinder, asked: str) -> _Located:
    """The sheet asked for; else the first whose header is found; else the first with rows."""
    if asked:
        if asked not in names:
            listed = ", ".join(f"“{name}”" for name in names)
            raise FileRejected(
                f"Tệp không có trang tính “{asked}”; các trang tính: {listed}.", value=asked
            )
        return _locate(open_sheet(asked), find)
    fallback = None
    for name in names:
        located = _locate(open_sheet(name), find)
        if located.found:
            return located
        if fallback is None and located.header is not None:
            fallback = located
    return fallback or _Located(Sheet(names[0] if names else ""), False, None, [], iter(()))


__all__ = ["FileRejected", "HeaderFinder", "Table", "nfc", "open_table"]
