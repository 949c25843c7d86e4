"""Find a unit by the name a report gives it: "UBND phường Tân Tiến", "Phường Tân Tiến",
"P. Tân Tiến", "Tân Tiến" all name the ward whose name is "UBND phường Tân Tiến".

Names are compared after Vietnamese normalisation: NFC, case, spacing and punctuation aside,
the tone written on either vowel of "oa", "oe", "uy" ("Hoà" and "Hòa" are one name), and the
usual prefixes (the people's committee, the kind of unit and its abbreviations) set apart. A
name without its kind matches any kind; a name written without diacritics matches when only one
unit reads so. Nothing here reads a database: the caller gives the units."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

# What may stand before a ward's or commune's own name, as offices write it; each kind's words,
# longest first. A department's name ("Phòng Tư pháp") is its own.
COMMITTEE = ("ủy ban nhân dân", "uỷ ban nhân dân", "uy ban nhan dan", "ubnd")
KIND_WORDS = {
    "ward": ("phường", "phuong", "p."),
    "commune": ("thị trấn", "thi tran", "tt.", "xã", "xa", "x."),
}
# Old-style tone placement on the glide vowel, as many keyboards still type it: òa → oà.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(rf"([oO])([{_TONES}])([aAeE])|([uU])([{_TONES}])([yY])")


@dataclass(frozen=True)
class NamedUnit:
    id: int
    code: str
    name: str
    kind: str  # department, ward, commune, agency


@dataclass(frozen=True)
class Match:
    """What a name found: the unit, or why not (no unit, or several to choose from)."""

    unit: NamedUnit | None
    candidates: tuple[NamedUnit, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.unit is None and bool(self.candidates)


def _new_style(text: str) -> str:
    """Put a tone written on the glide of "oa", "oe", "uy" on the vowel after it (NFD text)."""
    return _OLD_STYLE.sub(
        lambda m: (m[1] + m[3] + m[2]) if m[1] else (m[4] + m[6] + m[5]),
        text,
    )


def _plain_words(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower())
    text = unicodedata.normalize("NFC", _new_style(text))
    text = re.sub(r"[,;:()\"“”'‘’\-–—/]+", " ", text)
    return " ".join(text.split())


def split_name(text: str) -> tuple[str, str]:
    """Return (kind or "", the name's own words, normalised) of a unit's name as written."""
    words = _plain_words(text)
    for committee in COMMITTEE:
        if words.startswith(committee + " "):
            words = words[len(committee) + 1 :]
            break
    for kind, prefixes in KIND_WORDS.items():
        for prefix in prefixes:
            if words.startswith(prefix) and (
                prefix.endswith(".") or words[len(prefix) :][:1] == " "
            ):
                return kind, words[len(prefix) :].strip(" .")
    return "", words.strip(" .")


def without_marks(text: str) -> str:
    """The words without diacritics: "tân tiến" → "tan tien" (đ → d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def alias_key(text: str) -> str:
    """The form a remembered name is kept under: its kind and words, normalised."""
    kind, words = split_name(text)
    return f"{kind}:{words}"


class UnitNames:
    """The units a report may name, indexed by their normalised names and remembered aliases."""

    def __init__(self, units: list[NamedUnit], aliases: dict[str, int] | None = None) -> None:
        self.by_id = {unit.id: unit for unit in units}
        self.by_code = {unit.code.lower(): unit for unit in units}
        self.by_words: dict[str, list[NamedUnit]] = defaultdict(list)
        self.by_plain: dict[str, list[NamedUnit]] = defaultdict(list)
        for unit in units:
            _kind, words = split_name(unit.name)
            self.by_words[words].append(unit)
            self.by_plain[without_marks(words)].append(unit)
        self.aliases = aliases or {}

    def find(self, text: str) -> Match:
        """Find the unit a name (or a code) names."""
        if not text.strip():
            return Match(None)
        if unit := self.by_code.get(text.strip().lower()):
            return Match(unit)
        if (unit_id := self.aliases.get(alias_key(text))) in self.by_id:
            return Match(self.by_id[unit_id])
        kind, words = split_name(text)
        for found in (self.by_words.get(words, []), self.by_plain.get(without_marks(words), [])):
            fitting = [unit for unit in found if not kind or unit.kind == kind]
            if len(fitting) == 1:
                return Match(fitting[0])
            if len(fitting) > 1:
                return Match(None, tuple(fitting))
        return Match(None)
