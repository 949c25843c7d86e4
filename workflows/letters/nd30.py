"""The wording rules of Nghị định 30/2020/NĐ-CP, Phụ lục I, as pure functions."""

from __future__ import annotations

from datetime import date

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SAME_AS_ABOVE = "Như trên"
BLANK_NUMBER = "     "  # the space left for a hand-written number on an unsigned draft


def number_line(number: int | None, symbol: str) -> str:
    """Return "Số: 05/UBND-VP" (leading zero under 10), or "Số:      /UBND-VP" before numbering."""
    shown = f"{number:02d}" if number else BLANK_NUMBER
    return f"Số: {shown}/{symbol}"


def place_date_line(place: str, day: date) -> str:
    """Return "Biên Hòa, ngày 05 tháng 01 năm 2024" (months 1 and 2 and days under 10 padded).

    A letter not yet signed takes `draft_date_line` instead: its day and month are left blank,
    never filled from the month its figures report.
    """
    return f"{place}, ngày {day.day:02d} tháng {_month(day.month)} năm {day.year}"


def draft_date_line(place: str, year: int) -> str:
    """ "Biên Hòa, ngày      tháng      năm 2026": an unsigned draft is dated when it is signed,
    in the year it is prepared, never the year of the figures it reports."""
    return f"{place}, ngày      tháng      năm {year}"


def _month(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


NO_BREAK = "\u00a0"


def last_words_together(line: str) -> str:
    """The line with its last two words held by a no-break space, so that when it wraps its last
    line never holds one word alone (a wrapped trích yếu)."""
    head, space, last = line.rpartition(" ")
    return f"{head}{NO_BREAK}{last}" if space and " " in head.strip() else line


def subject_line(subject: str) -> str:
    """Return the trích yếu "V/v ..." of a công văn."""
    subject = subject.strip()
    return subject if subject.startswith("V/v ") else f"V/v {subject}"


def addressee_lines(addressees: list[str]) -> list[str]:
    """Return the Kính gửi lines: one addressee alone, several as "- ...;" with a final "."."""
    names = [name.strip().rstrip(";.") for name in addressees if name.strip()]
    if len(names) <= 1:
        return names
    return [f"- {name};" for name in names[:-1]] + [f"- {names[-1]}."]


def recipient_lines(
    recipients: list[str], archive: str, *, same_as_above: bool = True
) -> list[str]:
    """Return the Nơi nhận lines: "- Như trên;" first, one "- ...;" each, "- Lưu: VT, X." last."""
    lines = [f"- {SAME_AS_ABOVE};"] if same_as_above else []
    for name in recipients:
        name = name.strip().rstrip(";.")
        if name and name != SAME_AS_ABOVE and not name.startswith("Lưu:"):
            lines.append(f"- {name};")
    archive = archive.strip().rstrip(".")
    lines.append(f"- Lưu: VT, {archive}." if archive else "- Lưu: VT.")
    return lines


def signature_lines(authority: str, title: str) -> list[str]:
    """Return the capitalised lines above the signer's name: "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"."""
    return [line.strip().upper() for line in (authority, title) if line and line.strip()]


def item_label(position: int) -> str:
    """Return "1." for the first numbered item."""
    return f"{position}."


def sub_item_label(position: int) -> str:
    """Return "a)" for the first sub-item, "b)" for the second (đ follows d, as in Vietnamese)."""
    letters = "abcdđeghiklmnopqrstuvxy"
    return f"{letters[position - 1]})"


def issuer_lines(parent_name: str, name: str) -> tuple[list[str], list[str]]:
    """Return (regular lines, bold lines) of the left header, in capitals.

    A People's Committee prints its own name on two lines ("ỦY BAN NHÂN DÂN" / "THÀNH PHỐ BIÊN
    HÒA"), so that the place name is never split; a body under a parent prints the parent above
    its own name ("UBND THÀNH PHỐ BIÊN HÒA" over "ỦY BAN NHÂN DÂN" / "PHƯỜNG TÂN TIẾN").
    """
    name = name.strip().upper()
    parent = parent_name.strip().upper()
    own = [name]
    for head in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        if name.startswith(head + " "):
            own = [head, name.removeprefix(head + " ")]
    return ([parent] if parent else []), own
