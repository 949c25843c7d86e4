"""Write rows as an XLSX workbook, or CSV rows, that a spreadsheet program shows exactly as
written."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"


def safe_text(value: str) -> str:
    """Return text a spreadsheet shows as it is: no control characters, never a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_row(values: Iterable) -> list:
    """Return a CSV row whose text cells a spreadsheet program never reads as formulas."""
    return [safe_text(value) if isinstance(value, str) else value for value in values]


def workbook(
    title: str,
    columns: Sequence[tuple[str, str]],
    widths: Sequence[int],
    rows: list[dict],
) -> bytes:
    """Return one sheet as XLSX bytes: a bold header row, then one row per dict (by column key)."""
    book = Workbook()
    sheet = book.active
    # A sheet's name may not hold []:*?/\ and keeps 31 characters.
    sheet.title = re.sub(r"[\[\]:*?/\\]", "-", ILLEGAL_CHARACTERS_RE.sub("", title))[:31]
    header_font = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for column, ((_key, heading), width) in enumerate(zip(columns, widths, strict=True), 1):
        cell = sheet.cell(row=1, column=column, value=heading)
        cell.font = header_font
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_index, row in enumerate(rows, 2):
        for column, (key, _heading) in enumerate(columns, 1):
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
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
