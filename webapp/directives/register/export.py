"""Write the outgoing register (sổ văn bản đi) as an XLSX workbook."""

from __future__ import annotations

from webapp.directives.register.queries import REGISTER_COLUMNS
from webapp.spreadsheets import XLSX_MIMETYPE, safe_text, workbook

# Column widths in characters, in the order of REGISTER_COLUMNS.
WIDTHS = (18, 14, 60, 24, 48, 22, 10, 14, 14, 20)

__all__ = ["XLSX_MIMETYPE", "register_workbook", "safe_text"]


def register_workbook(rows: list[dict], year: int) -> bytes:
    """Return the year's register as XLSX bytes: a bold header row, then one row per letter."""
    return workbook(f"Sổ văn bản đi {year}", REGISTER_COLUMNS, WIDTHS, rows)
