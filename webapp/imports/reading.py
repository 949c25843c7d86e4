"""Open an uploaded table (CSV in UTF-8 or Windows-1258, or XLSX) as a stream of text rows."""

from __future__ import annotations

import codecs
import csv
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook

from webapp.files import read_archive

XLSX_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 20


class FileRejected(Exception):
    """The file as a whole cannot be read; the message says why, in Vietnamese."""

    def __init__(self, message: str, column: str = "", value: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.value = value


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (spreadsheet row number, header being row 1; cells)
    note: str = ""
    # How much of the file has been read, from 0 to 1.
    fraction: Callable[[], float] = lambda: 0.0


def nfc(text: str) -> str:
    """Return text trimmed and in Unicode NFC."""
    text = text.strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


@contextmanager
def open_table(path: Path, max_bytes: int) -> Iterator[Table]:
    """Open a CSV or XLSX file and yield its header and rows."""
    size = path.stat().st_size
    if size == 0:
        raise FileRejected("Tệp rỗng: không có dòng tiêu đề, không có dữ liệu.")
    if size > max_bytes:
        raise FileRejected(f"Tệp nặng {size / 1e6:.1f} MB, vượt giới hạn {max_bytes / 1e6:.0f} MB.")
    with open(path, "rb") as raw:
        magic = raw.read(4)
    if magic == XLSX_MAGIC:
        with _open_xlsx(path) as table:
            yield table
    else:
        with _open_csv(path) as table:
            yield table


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


@contextmanager
def _open_csv(path: Path) -> Iterator[Table]:
    encoding, note = _detect_encoding(path)
    with open(path, encoding=encoding, newline="") as text:
        first = text.readline()
        if not first.strip():
            raise FileRejected("Dòng đầu tiên của tệp trống: cần một dòng tiêu đề.")
        delimiter = max((",", ";", "\t"), key=first.count)
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter)
        header = [nfc(cell) for cell in next(reader)]
        size = path.stat().st_size
        yield Table(
            header=header,
            rows=_csv_rows(reader),
            note=note,
            fraction=lambda: min(text.buffer.tell() / size, 1.0),
        )


def _csv_rows(reader) -> Iterator[tuple[int, list[str]]]:
    number = 1
    try:
        for cells in reader:
            number += 1
            if cells and any(cells):
                yield number, cells
    except csv.Error as exc:
        raise FileRejected(f"Dòng {number + 1}: tệp CSV sai cấu trúc ({exc}).") from None


@contextmanager
def _open_xlsx(path: Path) -> Iterator[Table]:

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
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None or not any(cell is not None for cell in first):
            raise FileRejected("Trang tính đầu tiên không có dòng tiêu đề.")
        header = [nfc(_cell_text(cell)) for cell in first]
        last_row = max(sheet.max_row or 1, 1)
        position = {"row": 1}
        yield Table(
            header=header,
            rows=_xlsx_rows(rows, position),
            fraction=lambda: min(position["row"] / last_row, 1.0),
        )
    finally:
        workbook.close()
        stream.close()


def _refuse_zip_bomb(path: Path) -> None:
    archive = read_archive(path)
    if archive is None:
        raise FileRejected("Tệp có đuôi Excel nhưng nội dung không phải XLSX hợp lệ.")
    if archive.unpack_problem(path.name):
        raise FileRejected("Tệp XLSX giải nén ra quá lớn so với kích thước tệp: từ chối xử lý.")


def _xlsx_rows(rows, position: dict) -> Iterator[tuple[int, list[str]]]:
    for number, cells in enumerate(rows, start=2):
        position["row"] = number
        if any(cell is not None and cell != "" for cell in cells):
            yield number, [_cell_text(cell) for cell in cells]


def _cell_text(cell) -> str:
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


def sniff_bytes(data: bytes) -> str:
    """Return "xlsx" or "csv" from a file's first bytes (never from its name)."""
    return "xlsx" if data[:4] == XLSX_MAGIC else "csv"


__all__ = ["FileRejected", "Table", "nfc", "open_table", "sniff_bytes"]
