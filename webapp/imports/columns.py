"""The columns of each import kind: English names and Vietnamese labels, both accepted as headers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from webapp.imports.models import ImportKind


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


def match_header(kind: ImportKind, header: list[str]) -> tuple[dict[str, int], list[dict]]:
    """Map each column name to its position; list every missing or repeated column."""
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
                    "row": 1,
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
                    "row": 1,
                    "column": column.name,
                    "value": "",
                    "message": f"thiếu cột “{column.name}” (hoặc “{column.label}”)",
                }
            )
    return positions, problems
