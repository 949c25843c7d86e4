"""The official monthly report form of administrative procedures: Biểu số 06/VPCP/KSTT
(Thông tư 01/2020/TT-VPCP), as offices fill it in Excel.

Above the table: the form's name, the reporting body and the period ("Kỳ báo cáo: Tháng 01 năm
2024", or "Từ ngày 01/01/2024 đến ngày 31/01/2024"). The header spans two or three rows, its
groups merged across their columns: dossiers received (total; new this period, online and
direct or by post; carried over), resolved (total; early, on time, late) and pending (total;
within time, overdue); a row of column numbers may follow. Under it, units are grouped under
section rows (I, II, III: departments, districts, communes), each section may end with its
subtotal, and the form with its total. Section, subtotal and total rows are checked, never
imported.

Here is what reads the form's words; nothing here reads a file or a database."""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

# The form's figures in its order: (field, its label as the form prints it, its group).
RECEIVED, RESOLVED, PENDING = "received", "resolved", "pending"
GROUP_LABELS = {
    RECEIVED: "Số hồ sơ nhận giải quyết",
    RESOLVED: "Số hồ sơ đã giải quyết",
    PENDING: "Số hồ sơ đang giải quyết",
}
COLUMNS = (
    ("received_total", "Tổng số", RECEIVED),
    ("received_online", "Trực tuyến", RECEIVED),
    ("received_direct", "Trực tiếp, dịch vụ bưu chính", RECEIVED),
    ("carried_over", "Từ kỳ trước chuyển qua", RECEIVED),
    ("resolved_total", "Tổng số", RESOLVED),
    ("resolved_early", "Trước hạn", RESOLVED),
    ("resolved_on_time", "Đúng hạn", RESOLVED),
    ("resolved_late", "Quá hạn", RESOLVED),
    ("pending_total", "Tổng số", PENDING),
    ("pending_within", "Trong hạn", PENDING),
    ("pending_overdue", "Quá hạn", PENDING),
)
FIELDS = tuple(name for name, _label, _group in COLUMNS)
LABELS = {name: f"{GROUP_LABELS[group]} — {label}" for name, label, group in COLUMNS}
# Each total and the parts it is the sum of.
SUMS = {
    "received_total": ("received_online", "received_direct", "carried_over"),
    "resolved_total": ("resolved_early", "resolved_on_time", "resolved_late"),
    "pending_total": ("pending_within", "pending_overdue"),
}


def plain(text: str) -> str:
    """Lower case, without diacritics (đ → d), single spaces: how the form's words compare."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D").lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9/()]+", " ", text).split())


_GROUPS = (
    (RECEIVED, re.compile(r"nhan giai quyet|tiep nhan|so nhan")),
    (RESOLVED, re.compile(r"da giai quyet")),
    (PENDING, re.compile(r"dang giai quyet|chua giai quyet")),
)
_LEAVES = {
    RECEIVED: (
        ("received_online", re.compile(r"truc tuyen")),
        ("received_direct", re.compile(r"truc tiep|buu chinh")),
        ("carried_over", re.compile(r"ky truoc")),
        ("received_total", re.compile(r"tong so|^tong$")),
    ),
    RESOLVED: (
        ("resolved_early", re.compile(r"truoc (thoi )?han")),
        ("resolved_on_time", re.compile(r"dung (thoi )?han")),
        ("resolved_late", re.compile(r"qua (thoi )?han|tre han")),
        ("resolved_total", re.compile(r"tong so|^tong$")),
    ),
    PENDING: (
        ("pending_within", re.compile(r"trong (thoi )?han|chua den han|trong han")),
        ("pending_overdue", re.compile(r"qua (thoi )?han")),
        ("pending_total", re.compile(r"tong so|^tong$")),
    ),
}
_NAME = re.compile(r"ten don vi|don vi|linh vuc|co quan")
_CODE = re.compile(r"^ma (don vi|dv)$")


def is_header_start(cells: list[str]) -> bool:
    """Whether a row opens the form's header: "STT" and a group of figures."""
    words = [plain(cell) for cell in cells]
    return "stt" in words and any(
        pattern.search(word) for word in words for _group, pattern in _GROUPS
    )


def find_header(rows: list[list[str]]) -> tuple[int, bool]:
    """The row where the form's header starts among a sheet's first rows, if any."""
    for index, cells in enumerate(rows):
        if is_header_start(cells):
            return index, True
    return 0, False


def column_letter(position: int) -> str:
    """Excel's name of a column: 0 → A, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Layout:
    """Where the form's columns are, once its header is read."""

    stt: int
    name: int
    code: int | None
    columns: dict[str, int]


@dataclass
class HeaderProblem:
    column: str  # a field, or "" for the header as a whole
    value: str
    message: str


@dataclass
class Header:
    layout: Layout | None
    problems: list[HeaderProblem] = field(default_factory=list)


def _filled(row: list[str], width: int) -> list[str]:
    """A group row with each merged label carried over the empty cells to its right."""
    out, current = [], ""
    for position in range(width):
        text = row[position] if position < len(row) else ""
        current = text or current
        out.append(current)
    return out


def is_header_row(cells: list[str], name: int) -> bool:
    """Whether a row under the header's first still belongs to it: words over the figures'
    columns (a data row has numbers there, a section row words in its name column only)."""
    return any(
        cell.strip() and not _is_number(cell) for cell in cells[name + 1 :]
    ) and not _is_numbering(cells)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?[\d.,\s]+", text.strip()))


def _is_numbering(cells: list[str]) -> bool:
    """The row of column numbers under the header: (1) (2) (3)… or 1 2 3…"""
    numbers = [re.fullmatch(r"\(?(\d{1,2})\)?", cell.strip()) for cell in cells if cell.strip()]
    if len(numbers) < 5 or not all(numbers):
        return False
    values = [int(match[1]) for match in numbers]
    return values == list(range(values[0], values[0] + len(values)))


def is_numbering_row(cells: list[str]) -> bool:
    return _is_numbering(cells)


def label_columns(first: list[str]) -> tuple[int, int, int | None]:
    """Where the header's first row has the row number (STT), the unit's name and, if the
    office added it, the unit's code."""
    words = [plain(cell) for cell in first]
    stt = words.index("stt")
    code = next((i for i, word in enumerate(words) if _CODE.match(word)), None)
    name = next(
        (i for i, word in enumerate(words) if i not in (stt, code) and _NAME.search(word)),
        stt + 1,
    )
    return stt, name, code


def read_header(rows: list[list[str]]) -> Header:
    """Read the form's header rows (the first opens it): where each figure and the unit's name
    are. A figure missing, found twice, or out of the form's order is a problem."""
    stt, name, code = label_columns(rows[0])
    width = max(len(row) for row in rows)
    filled = [_filled(row, width) for row in rows[:-1]] + [
        rows[-1] + [""] * (width - len(rows[-1]))
    ]
    found: dict[str, list[int]] = {}
    for position in range(width):
        if position in (stt, name, code):
            continue
        path = [plain(row[position]) for row in filled if position < len(row)]
        group = next(
            (g for g, pattern in _GROUPS if any(pattern.search(part) for part in path)), None
        )
        if group is None:
            continue
        leaf = " / ".join(part for part in path[1:] if part)
        for field_name, pattern in _LEAVES[group]:
            if pattern.search(leaf) or (not leaf and field_name.endswith("_total")):
                found.setdefault(field_name, []).append(position)
                break
    problems = []
    for field_name in FIELDS:
        places = found.get(field_name, [])
        if not places:
            problems.append(
                HeaderProblem(field_name, "", f"thiếu cột “{LABELS[field_name]}” của Biểu số 06")
            )
        elif len(places) > 1:
            letters = ", ".join(column_letter(p) for p in places)
            problems.append(
                HeaderProblem(
                    field_name, letters, f"cột “{LABELS[field_name]}” có ở nhiều cột: {letters}"
                )
            )
    if problems:
        return Header(None, problems)
    columns = {field_name: found[field_name][0] for field_name in FIELDS}
    ordered = sorted(FIELDS, key=columns.get)
    for expected, actual in zip(FIELDS, ordered, strict=True):
        if expected != actual:
            problems.append(
                HeaderProblem(
                    actual,
                    column_letter(columns[actual]),
                    f"cột “{LABELS[actual]}” nằm ở cột {column_letter(columns[actual])}, "
                    f"không đúng thứ tự của Biểu số 06 (cột ấy phải là “{LABELS[expected]}”)",
                )
            )
            break
    return Header(None if problems else Layout(stt, name, code, columns), problems)


# ---------------------------------------------------------------- the rows under the header

SECTION, SUBTOTAL, TOTAL, UNIT = "section", "subtotal", "total", "unit"
_ROMAN = re.compile(r"^(?=[ivxlc]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
_TOTAL = re.compile(r"^(tong cong|tong so|toan (thanh pho|tinh|huyen|quan|thi xa))\b")
_SUBTOTAL = re.compile(r"^(cong|tong)\b")


def row_kind(stt: str, name: str) -> str:
    """Say what a row under the header is, from its number and its name: a numbered row is a
    unit whatever its name ("Công an phường …"); I, II, III or A, B, C open a section; rows
    without a number named "Cộng …" or "Tổng cộng" are subtotals and the total."""
    number, words = plain(stt), plain(name)
    if number.isdigit():
        return UNIT
    if _ROMAN.match(number) or re.fullmatch(r"[a-d]", number):
        return SECTION
    if _TOTAL.match(words) or _TOTAL.match(number):
        return TOTAL
    if _SUBTOTAL.match(words) or _SUBTOTAL.match(number):
        return SUBTOTAL
    return UNIT


def sum_problems(values: dict[str, int]) -> list[tuple[str, str]]:
    """Each total that is not the sum of its parts: (the total's field, why)."""
    problems = []
    for total, parts in SUMS.items():
        added = sum(values[part] for part in parts)
        if values[total] != added:
            shown = " + ".join(str(values[part]) for part in parts)
            problems.append(
                (total, f"tổng số {values[total]} khác tổng các cột thành phần {shown} = {added}")
            )
    return problems


def adds_up(values: dict[str, int], units: list[dict[str, int]]) -> list[tuple[str, str]]:
    """Each figure of a subtotal or total row that is not the sum of its units': (field, why)."""
    problems = []
    for name in FIELDS:
        added = sum(unit[name] for unit in units)
        if values[name] != added:
            problems.append((name, f"dòng tổng ghi {values[name]}, cộng các đơn vị được {added}"))
    return problems


# ---------------------------------------------------------------- the period above the table

_MONTH = re.compile(r"thang\s*(\d{1,2})\s*(?:nam|/|-)\s*(\d{4})")
_RANGE = re.compile(
    r"tu ngay\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:den|toi)\s*ngay\s*(\d{1,2})/(\d{1,2})/(\d{4})"
)


def period_of(texts: list[str]) -> tuple[str | None, str]:
    """Return the month the rows above the table report on ("YYYY-MM"), or None with why."""
    for text in texts:
        words = plain(text)
        if match := _RANGE.search(words):
            d1, m1, y1, d2, m2, y2 = (int(part) for part in match.groups())
            try:
                start, end = date(y1, m1, d1), date(y2, m2, d2)
            except ValueError:
                return None, f"ngày không có thật trong “{text}”"
            last = monthrange(y1, m1)[1]
            if (start.day, end.day, (y2, m2)) != (1, last, (y1, m1)):
                return None, f"kỳ báo cáo “{text}” không trọn một tháng"
            return f"{y1:04d}-{m1:02d}", ""
        if match := _MONTH.search(words):
            month, year = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                return None, f"tháng không có thật trong “{text}”"
            return f"{year:04d}-{month:02d}", ""
    return (
        None,
        "không thấy kỳ báo cáo ở các dòng trên bảng (ví dụ “Kỳ báo cáo: Tháng 01 năm 2024”)",
    )


def names_a_period(texts: list[str]) -> bool:
    """Whether the rows above the table speak of a period at all ("kỳ báo cáo", "tháng",
    "từ ngày"): one that cannot be read is then a problem, not a gap the upload may fill."""
    pattern = r"\b(ky bao cao|thang \d|tu ngay|quy [ivx\d]|nam \d{4})"
    return any(re.search(pattern, plain(text)) for text in texts)
