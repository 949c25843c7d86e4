"""The demo's February export of the one-stop system as an old Excel file (.xls), with its title
rows above the header, as such systems write it. `python -m tests.demo_export` writes it again
into the demo package; a test checks the kept file still reads as this builds it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import xlwt

from tests.february import february_dossiers
from webapp.imports.columns import header
from webapp.imports.models import ImportKind

KEPT = Path(__file__).resolve().parents[1] / "webapp" / "demo" / "ho-so-mot-cua-thang-02-2024.xls"
TITLE_ROWS = (
    "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA",
    "DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH TIẾP NHẬN THÁNG 02/2024",
    "Xuất từ Hệ thống thông tin giải quyết TTHC ngày 01/03/2024",
)


def rows() -> list[list[str]]:
    """The title rows, a blank row, the header in Vietnamese and February's dossiers."""
    dossiers = list(csv.reader(io.StringIO(february_dossiers().decode())))[1:]
    labels = list(header(ImportKind.DOSSIERS, vietnamese=True))
    return [*([title] for title in TITLE_ROWS), [], labels, *dossiers]


def export_bytes() -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sách hồ sơ")
    bold = xlwt.easyxf("font: bold on")
    width = len(header(ImportKind.DOSSIERS))
    for number, row in enumerate(rows()):
        if len(row) == 1:
            sheet.write_merge(number, number, 0, width - 1, row[0], bold)
        for column, value in enumerate(row if len(row) > 1 else []):
            sheet.write(number, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


if __name__ == "__main__":
    KEPT.write_bytes(export_bytes())
    print(f"Đã ghi {KEPT}")
