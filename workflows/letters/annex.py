"""The words of a letter's annex (Phụ lục) listing the dossiers behind its findings.

ND30 (Phụ lục I) lays an annex out on a page of its own: the word "Phụ lục" on its own line, the
annex's title in capitals, then, in italics, which letter it goes with: "(Kèm theo Văn bản số …
ngày … của …)". The annex lists, unit by unit, the dossiers that make each finding's figure.
"""

from __future__ import annotations

from datetime import date

from workflows.letters.nd30 import BLANK_NUMBER

ANNEX_WORD = "Phụ lục"
ANNEX_COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Mã thủ tục",
    "Tiếp nhận",
    "Hẹn trả",
    "Trả kết quả",
    "Kết thúc",
)
# Relative widths: the codes and the times are never broken inside a word.
ANNEX_WIDTHS = (6, 22, 14, 15, 15, 15, 15)
POINTER = "Danh sách hồ sơ của từng đơn vị tại Phụ lục kèm theo."
# What each figure's dossiers are called in a section heading.
FIGURE_PHRASES = {
    "resolved_late": "hồ sơ giải quyết quá hạn",
    "closed_late_in_software": "hồ sơ trả kết quả đúng hạn nhưng kết thúc trễ trên phần mềm",
    "pending_overdue": "hồ sơ đang giải quyết quá hạn",
}
ADMINISTRATIVE_WORDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "quận", "huyện", "phường", "xã")


def annex_title(period: str) -> str:
    """The annex's title, in capitals: "DANH SÁCH HỒ SƠ CHƯA ĐẠT THÁNG 01/2024"."""
    return f"DANH SÁCH HỒ SƠ CHƯA ĐẠT THÁNG {period[5:7]}/{period[:4]}"


def section_heading(position: int, unit_name: str, figure: str, count: int) -> str:
    """ "1. UBND phường Tam Phước: 05 hồ sơ giải quyết quá hạn"."""
    return f"{position}. {unit_name}: {count:02d} {FIGURE_PHRASES[figure]}"


def annex_reference(number: int | None, symbol: str, day: date | None, issuer: str) -> str:
    """ "(Kèm theo Văn bản số 05/UBND-VP ngày 24 tháng 01 năm 2024 của Ủy ban nhân dân thành phố
    Biên Hòa)"; blanks where an unsigned draft has no number or date yet."""
    shown = f"{number:02d}" if number else BLANK_NUMBER
    if day is None:
        when = "ngày      tháng      năm      "
    else:
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        when = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"(Kèm theo Văn bản số {shown}/{symbol} {when} của {body_in_sentence(issuer)})"


def body_in_sentence(name: str) -> str:
    """An issuing body's name as a sentence writes it: "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA" →
    "Ủy ban nhân dân thành phố Biên Hòa" (the place after the last administrative word keeps
    its capitals)."""
    if name != name.upper():
        return name
    lowered = name.lower()
    place_at = -1
    for word in ADMINISTRATIVE_WORDS:
        found = lowered.rfind(f" {word} ")
        if found >= 0 and found + len(word) + 2 > place_at:
            place_at = found + len(word) + 2
    head, place = (lowered, "") if place_at < 0 else (lowered[:place_at], lowered[place_at:])
    head = head[:1].upper() + head[1:]
    return head + " ".join(part[:1].upper() + part[1:] for part in place.split(" "))
