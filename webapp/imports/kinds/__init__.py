"""Row checkers, one module per import kind."""

from __future__ import annotations

from dataclasses import dataclass, field


# What a checker answers for a row that is checked but holds no data to store (a report's
# section, subtotal and total rows): not counted among the file's rows.
class _CheckedOnly(tuple):
    __slots__ = ()


CHECKED_ONLY: tuple = _CheckedOnly()


@dataclass
class Problems:
    """Every problem found in one file; the first `keep` are kept in full, all are counted."""

    file_name: str
    keep: int = 1000
    sheet: str = ""  # the workbook's sheet the rows are on, once known
    items: list[dict] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, value: str, message: str) -> None:
        self.count += 1
        if len(self.items) < self.keep:
            self.items.append(
                {
                    "file": self.file_name,
                    **({"sheet": self.sheet} if self.sheet else {}),
                    "row": row,
                    "column": column,
                    "value": value[:200],
                    "message": message,
                }
            )

    def __bool__(self) -> bool:
        return self.count > 0


def cell(cells: list[str], position: int) -> str:
    """Return one cell, trimmed; a short row reads as empty."""
    return cells[position].strip() if position < len(cells) else ""
