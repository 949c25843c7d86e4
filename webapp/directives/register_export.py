"""Write the outgoing register (sổ văn bản đi) as an XLSX workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from webapp.directives.register_queries import REGISTER_COLUMNS

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths in characters, in the order of REGISTER_COLUMNS.
WIDTHS = (18, 14, 60, 24, 48, 22, 10, 14, 14, 20)
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"


def safe_text(value: str) -> str:
    """Return text a spreadsheet shows as it is: no control characters, never a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def register_workbook(rows: list[dict], year: int) -> bytes:
    """Return the year's register as XLSX bytes: a bold header row, then one row per letter."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"Sổ văn bản đi {year}"
    header_font = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for column, ((_key, heading), width) in enumerate(
        zip(REGISTER_COLUMNS, WIDTHS, strict=True), 1
    ):
        cell = sheet.cell(row=1, column=column, value=heading)
        cell.font = header_font
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_index, row in enumerate(rows, 2):
        for column, (key, _heading) in enumerate(REGISTER_COLUMNS, 1):
            value = row.get(key, "")
            cell = sheet.cell(row=row_index, column=column)
            if isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
            else:
                cell.value = safe_text("" if value is None else str(value))
                cell.data_type = "s"
                cell.number_format = TEXT_FORMAT
            cell.alignment = wrapped
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(REGISTER_COLUMNS))}{max(len(rows) + 1, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
