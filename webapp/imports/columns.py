"""The columns of each import kind: English names and Vietnamese labels, both accepted as headers."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from webapp.imports.models import ImportKind
from workflows import form06


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    may_be_empty: bool = False
    # A column a file may leave out altogether (its cells are then all empty).
    optional: bool = False


COLUMNS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.UNITS: (
        Column("code", "Mã đơn vị"),
        Column("name", "Tên đơn vị"),
        Column("kind", "Loại đơn vị"),
        Column("parent_code", "Mã đơn vị cấp trên", may_be_empty=True),
    ),
    ImportKind.DOSSIERS: (
        Column("dossier_code", "Mã hồ sơ"),
        Column("unit_code", "Mã đơn vị"),
        Column("procedure_code", "Mã thủ tục"),
        Column("channel", "Kênh nộp"),
        Column("received_at", "Ngày tiếp nhận"),
        Column("due_at", "Ngày hẹn trả"),
        Column("returned_at", "Ngày trả kết quả", may_be_empty=True),
        Column("finished_at", "Ngày kết thúc", may_be_empty=True),
        # The unit whose step made the dossier late (a department in an inter-unit procedure).
        Column("delayed_by_unit_code", "Đơn vị làm chậm", may_be_empty=True, optional=True),
    ),
    ImportKind.UNIT_STATS: (
        Column("unit_code", "Mã đơn vị"),
        Column("period", "Kỳ báo cáo"),
        Column("received", "Tiếp nhận"),
        Column("resolved_on_time", "Giải quyết đúng hạn"),
        Column("resolved_late", "Giải quyết quá hạn"),
        Column("pending_on_time", "Đang giải quyết trong hạn"),
        Column("pending_overdue", "Đang giải quyết quá hạn"),
        Column("closed_late_in_software", "Kết thúc muộn trên phần mềm"),
        Column("complaints", "Phản ánh, kiến nghị"),
        # What Biểu số 06 also gives: received online, carried over from the month before.
        Column("received_online", "Tiếp nhận trực tuyến", may_be_empty=True, optional=True),
        Column("carried_over", "Từ kỳ trước chuyển qua", may_be_empty=True, optional=True),
    ),
    ImportKind.COMPLAINTS: (
        Column("complaint_code", "Mã phản ánh"),
        Column("unit_code", "Mã đơn vị"),
        Column("received_at", "Ngày tiếp nhận"),
        Column("channel", "Kênh phản ánh"),
        Column("subject", "Nội dung", may_be_empty=True),
        Column("official_name", "Công chức bị phản ánh", may_be_empty=True),
    ),
}


def column_labels(kind: ImportKind) -> dict[str, str]:
    """How a problem's column is shown: the kind's labels, and for monthly figures the official
    form's too (Biểu số 06)."""
    labels = {column.name: column.label for column in COLUMNS[kind]}
    if kind == ImportKind.UNIT_STATS:
        labels.update(form06.LABELS)
    return labels


# How people read each monthly figure (the unit_stats columns' labels).
FIGURE_LABELS = {column.name: column.label for column in COLUMNS[ImportKind.UNIT_STATS]}


def header(
    kind: ImportKind, *, vietnamese: bool = False, optional: bool = False
) -> tuple[str, ...]:
    """Return the header row of a kind's file: its English names, or its Vietnamese labels; the
    optional columns too when asked."""
    return tuple(
        column.label if vietnamese else column.name
        for column in COLUMNS[kind]
        if optional or not column.optional
    )


# Values accepted for coded columns: the English code or a Vietnamese word.
UNIT_KIND_WORDS = {
    "department": "department",
    "phòng ban": "department",
    "phòng": "department",
    "ward": "ward",
    "phường": "ward",
    "commune": "commune",
    "xã": "commune",
    "agency": "agency",
    "cơ quan ngành dọc": "agency",
    "ngành dọc": "agency",
}
CHANNEL_WORDS = {
    "online": "online",
    "trực tuyến": "online",
    "direct": "direct",
    "trực tiếp": "direct",
    "postal": "postal",
    "bưu chính": "postal",
    "bưu chính công ích": "postal",
}
COMPLAINT_CHANNEL_WORDS = {
    "hotline_1022": "hotline_1022",
    "1022": "hotline_1022",
    "tổng đài 1022": "hotline_1022",
    "national_portal": "national_portal",
    "cổng dịch vụ công quốc gia": "national_portal",
    "direct": "direct",
    "trực tiếp": "direct",
}


def header_key(text: str) -> str:
    """Return the comparable form of a header: NFC, lower case, single spaces."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    return re.sub(r"\s+", " ", text)


def match_header(
    kind: ImportKind, header: list[str], row: int = 1
) -> tuple[dict[str, int], list[dict]]:
    """Map each column name to its position; list every missing or repeated column (on the
    header's row)."""
    aliases = {}
    for column in COLUMNS[kind]:
        aliases[header_key(column.name)] = column.name
        aliases[header_key(column.label)] = column.name
    positions: dict[str, int] = {}
    problems = []
    for index, title in enumerate(header):
        name = aliases.get(header_key(title))
        if name is None:
            continue
        if name in positions:
            problems.append(
                {
                    "row": row,
                    "column": title,
                    "value": title,
                    "message": f"cột “{name}” xuất hiện hai lần",
                }
            )
        positions[name] = index
    for column in COLUMNS[kind]:
        if column.name not in positions and not column.optional:
            problems.append(
                {
                    "row": row,
                    "column": column.name,
                    "value": "",
                    "message": f"thiếu cột “{column.name}” (hoặc “{column.label}”)",
                }
            )
    return positions, problems


def header_finder(kind: ImportKind):
    """Return the finder of a kind's header among a sheet's first rows: the first row naming
    every column the kind needs; failing that, the row naming most of them (the header with a
    mistake, to report on); failing that, the first row."""

    def find(rows: list[list[str]]) -> tuple[int, bool]:
        best, most = 0, 0
        for index, cells in enumerate(rows):
            positions, problems = match_header(kind, cells)
            if not problems:
                return index, True
            if len(positions) > most:
                best, most = index, len(positions)
        return best, False

    return find


# How much of a rejected file's header is kept to show: enough for any real file.
KEPT_CELLS = 60
KEPT_CELL_CHARS = 120
# How alike an unknown cell and a missing column must be to offer the column as its meaning.
CLOSE_ENOUGH = 0.6


def kept_header(cells: list[str]) -> list[str]:
    """Return a file's header cells as kept on its rejected run: trimmed, at most KEPT_CELLS."""
    return [str(cell).strip()[:KEPT_CELL_CHARS] for cell in cells[:KEPT_CELLS]]


def plain(text: str) -> str:
    """Return the comparable form of a header without its accents: "Tỷ lệ Đúng hạn" → "ty le dung
    han", so that a header typed without diacritics still finds its column."""
    text = header_key(text).replace("đ", "d")
    text = "".join(
        char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char)
    )
    return re.sub(r"[\s_]+", " ", text).strip()


@dataclass(frozen=True)
class FoundCell:
    """One cell of the file's header: the column it names, or the column it was probably meant
    to be."""

    text: str
    column: Column | None = None
    guess: Column | None = None


@dataclass(frozen=True)
class ExpectedColumn:
    column: Column
    found: bool


@dataclass(frozen=True)
class HeaderReport:
    """A file's header against the one its kind expects, for the page that rejects it."""

    found: list[FoundCell]
    expected: list[ExpectedColumn]
    repeated: list[Column] = field(default_factory=list)

    @property
    def missing(self) -> list[Column]:
        return [
            item.column for item in self.expected if not item.found and not item.column.optional
        ]

    @property
    def unknown(self) -> list[FoundCell]:
        return [cell for cell in self.found if cell.column is None and cell.text]


def header_report(kind: ImportKind, cells: list[str]) -> HeaderReport:
    """Compare a file's header cells with its kind's columns: which it names, which are missing,
    which are repeated, and for each unknown cell the missing column it is closest to (by its
    accent-free spelling, against both the label and the column id)."""
    columns = COLUMNS[kind]
    by_key = {}
    for column in columns:
        by_key[header_key(column.name)] = column
        by_key[header_key(column.label)] = column
    named = [by_key.get(header_key(text)) for text in cells]
    seen = [column.name for column in named if column is not None]
    missing = [column for column in columns if column.name not in seen and not column.optional]
    guesses = _guesses(
        [text for text, column in zip(cells, named, strict=True) if not column], missing
    )
    found = [
        FoundCell(text, column, None if column else guesses.get(text))
        for text, column in zip(cells, named, strict=True)
    ]
    repeated = [column for column in columns if seen.count(column.name) > 1]
    expected = [ExpectedColumn(column, column.name in seen) for column in columns]
    return HeaderReport(found, expected, repeated)


def _guesses(unknown: list[str], missing: list[Column]) -> dict[str, Column]:
    """Pair unknown cells with missing columns, each at most once, the likest pairs first."""
    pairs = sorted(
        (
            (score, index, position)
            for index, text in enumerate(unknown)
            for position, column in enumerate(missing)
            if (score := likeness(text, column)) >= CLOSE_ENOUGH
        ),
        reverse=True,
    )
    guesses: dict[str, Column] = {}
    taken: set[int] = set()
    for _score, index, position in pairs:
        if unknown[index] not in guesses and position not in taken:
            guesses[unknown[index]] = missing[position]
            taken.add(position)
    return guesses


def likeness(text: str, column: Column) -> float:
    """How much a header cell reads like a column's label or id, from 0 to 1, accents aside: a
    cell whose words begin the label ("Phan anh" for "Phản ánh, kiến nghị") counts as close."""
    key = plain(text)
    if not key:
        return 0.0
    best = 0.0
    for name in (column.label, column.name):
        target = plain(name)
        best = max(best, difflib.SequenceMatcher(None, key, target).ratio())
        if len(key) >= 4 and re.sub(r"[^a-z0-9 ]", "", target).startswith(key):
            best = max(best, 0.9)
    return best
