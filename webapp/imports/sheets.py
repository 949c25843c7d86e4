"""The raw rows of an uploaded table, whatever form it came in: CSV text, an XLSX or old XLS
workbook, or an HTML table saved under an Excel name. Each sheet gives its non-empty rows as
text cells, numbered as the file numbers them (the first row is 1), so that a message can point
at the row a person sees in Excel."""

from __future__ import annotations

import codecs
import csv
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook

from webapp.files import read_archive
from webapp.imports.errors import FileRejected
from webapp.imports.html_tables import html_rows, looks_like_html, looks_like_spreadsheet_xml

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted XLSX is an OLE container holding this stream (its name in UTF-16).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# An old XLS is read whole into memory: past this, it is to be saved as XLSX or CSV first.
XLS_MAX_BYTES = 64 * 1024 * 1024
CHUNK = 1 << 20
SAVE_AS_XLSX = "Hãy mở tệp bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”."


Rows = Iterator[tuple[int, list[str]]]


@dataclass
class Sheet:
    """One sheet's rows: (row number, cells as text), empty rows left out."""

    name: str  # "" for a CSV or an HTML table
    rows: Rows = field(default_factory=lambda: iter(()))
    # How much of the file has been read, from 0 to 1.
    fraction: Callable[[], float] = lambda: 0.0


@dataclass
class Book:
    """An opened file: its sheets' names, each opened on demand, and how it was read."""

    names: list[str]
    open_sheet: Callable[[str], Sheet]
    note: str = ""


def nfc(text: str) -> str:
    """Return text trimmed and in Unicode NFC."""
    text = text.strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


@contextmanager
def open_book(path: Path, max_bytes: int) -> Iterator[Book]:
    """Open a CSV, XLSX, XLS or HTML table file by its content (never by its name)."""
    size = path.stat().st_size
    if size == 0:
        raise FileRejected("Tệp rỗng: không có dòng tiêu đề, không có dữ liệu.")
    if size > max_bytes:
        raise FileRejected(f"Tệp nặng {size / 1e6:.1f} MB, vượt giới hạn {max_bytes / 1e6:.0f} MB.")
    with open(path, "rb") as raw:
        head = raw.read(64 * 1024)
    if head.startswith(XLSX_MAGIC):
        with _xlsx_book(path) as book:
            yield book
    elif head.startswith(OLE_MAGIC):
        yield _xls_book(path)
    elif looks_like_spreadsheet_xml(head):
        raise FileRejected(
            "Tệp là bảng tính XML của Excel 2003 (SpreadsheetML), không phải XLS thật. "
            + SAVE_AS_XLSX
        )
    elif looks_like_html(head):
        with _html_book(path) as book:
            yield book
    else:
        with _csv_book(path) as book:
            yield book


# ---------------------------------------------------------------- CSV


def _detect_encoding(path: Path) -> tuple[str, str]:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        with open(path, "rb") as raw:
            while chunk := raw.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8-sig", ""
    except UnicodeDecodeError:
        pass
    try:
        with open(path, "rb") as raw:
            cp_decoder = codecs.getincrementaldecoder("cp1258")("strict")
            while chunk := raw.read(CHUNK):
                cp_decoder.decode(chunk)
    except UnicodeDecodeError as exc:
        raise FileRejected(
            "Tệp không phải văn bản UTF-8 cũng không phải Windows-1258, không đọc được tiếng Việt "
            "cho đúng. Hãy lưu lại từ Excel dưới dạng “CSV UTF-8 (Comma delimited)”.",
            value=f"byte {exc.object[exc.start : exc.start + 1]!r}",
        ) from None
    return "cp1258", "Tệp được đọc theo bảng mã Windows-1258 và chuyển sang Unicode."


# The lines the delimiter is guessed from: title lines above the header have none.
DELIMITER_SAMPLE_LINES = 30


@contextmanager
def _csv_book(path: Path) -> Iterator[Book]:
    encoding, note = _detect_encoding(path)
    with open(path, encoding=encoding, newline="") as text:
        sample = [text.readline() for _ in range(DELIMITER_SAMPLE_LINES)]
        if not any(line.strip() for line in sample):
            raise FileRejected("Tệp không có dòng nào có nội dung.")
        delimiter = max((",", ";", "\t"), key=lambda mark: sum(line.count(mark) for line in sample))
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter)
        size = path.stat().st_size
        sheet = Sheet("", _csv_rows(reader), lambda: min(text.buffer.tell() / size, 1.0))
        yield Book([""], lambda _name: sheet, note)


def _csv_rows(reader) -> Rows:
    number = 0
    try:
        for cells in reader:
            number = reader.line_num
            if any(cell.strip() for cell in cells):
                yield number, cells
    except csv.Error as exc:
        raise FileRejected(f"Dòng {number + 1}: tệp CSV sai cấu trúc ({exc}).") from None


# ---------------------------------------------------------------- XLSX


@contextmanager
def _xlsx_book(path: Path) -> Iterator[Book]:
    _refuse_zip_bomb(path)
    # Opened as a file object: given a path, openpyxl refuses every name that does not end in
    # .xlsx, and uploads are stored under their checksum.
    stream = open(path, "rb")  # noqa: SIM115 - the read-only workbook reads it until closed
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        stream.close()
        raise FileRejected(f"Không mở được tệp Excel: {exc.__class__.__name__}.") from None
    try:

        def open_sheet(name: str) -> Sheet:
            sheet = workbook[name]
            last_row = max(sheet.max_row or 1, 1)
            position = {"row": 0}
            rows = _xlsx_rows(sheet.iter_rows(values_only=True), position)
            return Sheet(name, rows, lambda: min(position["row"] / last_row, 1.0))

        yield Book(list(workbook.sheetnames), open_sheet)
    finally:
        workbook.close()
        stream.close()


def _refuse_zip_bomb(path: Path) -> None:
    archive = read_archive(path)
    if archive is None:
        raise FileRejected("Tệp có đuôi Excel nhưng nội dung không phải XLSX hợp lệ.")
    if archive.unpack_problem(path.name):
        raise FileRejected("Tệp XLSX giải nén ra quá lớn so với kích thước tệp: từ chối xử lý.")


def _xlsx_rows(rows, position: dict) -> Rows:
    for number, cells in enumerate(rows, start=1):
        position["row"] = number
        if any(cell is not None and cell != "" for cell in cells):
            yield number, [cell_text(cell) for cell in cells]


def cell_text(cell) -> str:
    """Return a workbook cell's value as the text a CSV would hold."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, time):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


# ---------------------------------------------------------------- XLS (Excel 97-2003)


def _xls_book(path: Path) -> Book:
    import xlrd  # only for old workbooks

    size = path.stat().st_size
    if size > XLS_MAX_BYTES:
        raise FileRejected(
            f"Tệp XLS nặng {size / 1e6:.1f} MB, vượt giới hạn {XLS_MAX_BYTES / 1e6:.0f} MB của "
            f"định dạng Excel cũ. {SAVE_AS_XLSX}"
        )
    data = path.read_bytes()
    if ENCRYPTED_PACKAGE in data:
        raise FileRejected("Tệp Excel được đặt mật khẩu: hãy gỡ mật khẩu rồi gửi lại.")
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise FileRejected(
                "Tệp Excel được đặt mật khẩu: hãy gỡ mật khẩu rồi gửi lại."
            ) from None
        raise FileRejected(
            "Tệp là tài liệu Office đời cũ nhưng không phải bảng tính Excel đọc được "
            f"({exc}). {SAVE_AS_XLSX}"
        ) from None
    except Exception as exc:  # xlrd raises many kinds for a damaged file
        raise FileRejected(f"Không mở được tệp Excel cũ (XLS): {exc.__class__.__name__}.") from None

    def open_sheet(name: str) -> Sheet:
        sheet = book.sheet_by_name(name)
        position = {"row": 0}
        rows = _xls_rows(sheet, book.datemode, position)
        return Sheet(name, rows, lambda: min(position["row"] / max(sheet.nrows, 1), 1.0))

    return Book(book.sheet_names(), open_sheet)


def _xls_rows(sheet, datemode: int, position: dict) -> Rows:
    import xlrd

    for index in range(sheet.nrows):
        position["row"] = index + 1
        cells = [_xls_cell_text(cell, datemode, xlrd) for cell in sheet.row(index)]
        if any(cells):
            yield index + 1, cells


def _xls_cell_text(cell, datemode: int, xlrd) -> str:
    kind = cell.ctype
    if kind == xlrd.XL_CELL_DATE:
        moment = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        return moment.date().isoformat() if moment.time() == time() else cell_text(moment)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return cell_text(cell.value)


# ---------------------------------------------------------------- HTML saved as .xls


# How lxml names the encodings a file is read in.
LXML_ENCODINGS = {"utf-8-sig": "utf-8", "cp1258": "windows-1258"}


@contextmanager
def _html_book(path: Path) -> Iterator[Book]:
    encoding, note = _detect_encoding(path)
    size = path.stat().st_size
    with open(path, "rb") as raw:
        rows = html_rows(raw, LXML_ENCODINGS[encoding])
        sheet = Sheet("", rows, lambda: min(raw.tell() / size, 1.0))
        note = " ".join(filter(None, ("Tệp là bảng HTML (xuất từ phần mềm dưới tên Excel).", note)))
        yield Book([""], lambda _name: sheet, note)
