"""Numbers as people read them in Vietnamese: a dot between thousands, a comma before decimals.

"1.234", "93,75 %", "7,3 KB". Machine outputs (CSV, JSON, the API) keep Python's own numbers;
only what a person reads goes through these.
"""

from __future__ import annotations

DASH = "—"
_UNITS = ("B", "KB", "MB", "GB", "TB")


def number_text(value: float | int | None, decimals: int | None = None) -> str:
    """Return "1.234", "1.234,5" ("decimals" fixed when given, else as few as the value needs,
    at most two); a dash when there is none."""
    if value is None:
        return DASH
    if decimals is None:
        rounded = round(float(value), 2)
        if rounded.is_integer():
            return _grouped(f"{int(rounded):d}")
        text = f"{rounded:.2f}".rstrip("0")
    else:
        text = f"{float(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    return _grouped(whole) + ("," + fraction if fraction else "")


def percent_text(value: float | None, decimals: int | None = 2) -> str:
    """Return a rate as "93,75 %" (two decimals unless told), a dash when there is none."""
    if value is None:
        return DASH
    return number_text(value, decimals) + " %"


def file_size_text(size: int | None) -> str:
    """Return a size in bytes as "512 B", "7,3 KB", "1,2 MB"."""
    if size is None:
        return DASH
    value, unit = float(size), 0
    while value >= 1024 and unit < len(_UNITS) - 1:
        value /= 1024
        unit += 1
    if unit == 0:
        return f"{number_text(int(size))} B"
    return f"{number_text(value, 1)} {_UNITS[unit]}"


def _grouped(whole: str) -> str:
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + ".".join(groups)
