"""Vietnamese alphabetical order: the order PostgreSQL's ICU collation "vi-x-icu" gives names.

The Vietnamese alphabet makes letters of their own of ă â đ ê ô ơ ư (a < ă < â < b, d < đ < e,
o < ô < ơ < p, u < ư < v); the tones only break ties between words of the same letters (the
second level, in the order none, grave, hook, tilde, acute, dot below) and the case breaks the
ties left (the third level, lower case first). Spaces and punctuation count (they sort before
digits, digits before letters), as in ICU's default. Strings equal on every level are ordered by
their UTF-8 bytes, as PostgreSQL does behind a deterministic collation, so a name written in NFC
and the same name in NFD sort together, in a fixed order.

The order is exact for Vietnamese letters (any case, any normalisation), digits, white space and
the punctuation listed below; other characters sort in a stable, close order (other letters
after z, other symbols after the listed ones).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")

# The name of the order in PostgreSQL, and of the SQLite collation that copies it.
COLLATION = "vi-x-icu"

_WHITE_SPACE = "\t\n\x0b\x0c\r "
# ICU's root order of the punctuation and symbols people type, after white space.
_PUNCTUATION = "_-–—,;:!¡?¿.…·'‘’‹›\"“”«»()[]{}§¶@*/\\&#%‰†‡•′″`´^¯¨¸°©®+±÷×<=>|¦~¤¢$£¥€"
_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

_PRIMARY = {char: weight for weight, char in enumerate(_WHITE_SPACE + _PUNCTUATION, start=1)}
_OTHER_SYMBOLS = len(_PRIMARY) + 1  # other punctuation and symbols: by code point from here
_DIGITS = _OTHER_SYMBOLS + 0x110000  # a digit of any script weighs its value from here
_PRIMARY.update({char: _DIGITS + 10 + weight for weight, char in enumerate(_LETTERS)})
_OTHER_LETTERS = _DIGITS + 10 + len(_LETTERS)  # other letters: by code point from here

# A base letter and a mark that together make a letter of the alphabet.
_JOINED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

# The second level: a letter's own weight first, then its marks: the five tones in Vietnamese
# order, then ICU's root order of the other combining marks.
_BASE = 0
_MARKS = (
    "\u034f\u0332\u0313\u0314"
    "\u0300\u0309\u0303\u0301\u0323"
    "\u0306\u030c\u030a\u0342\u0308\u030b\u0307\u0338\u0327\u0328\u0304\u030d\u030e\u0312\u0315"
    "\u031a\u033d\u033e\u033f\u0346\u034a\u034b\u034c\u0350\u0351\u0352\u0357\u035b\u035d\u035e"
    "\u0316\u0317\u0318\u0319\u031c\u031d\u031e\u031f\u0320\u0329\u032a\u032b\u032c\u032f\u0333"
    "\u033a\u033b\u033c\u0347\u0348\u0349\u034d\u034e\u0353\u0354\u0355\u0356\u0359\u035a\u035c"
    "\u035f\u0362\u0336\u0337\u0335\u0305\u030f\u0310\u0311\u031b\u0321\u0322\u0324\u0325\u0326"
    "\u032d\u032e\u0330\u0331\u0334\u0339\u0345\u0358\u0360\u0361\u0363\u0368\u0369\u0364\u036a"
    "\u0365\u036b\u0366\u036c\u036d\u0367\u036e\u036f\u0302"
)
_SECONDARY = {mark: weight for weight, mark in enumerate(_MARKS, start=1)}
_OTHER_MARKS = len(_MARKS) + 1

# The third level: lower case, upper case, then variants (superscripts, fractions, other spaces).
_LOWER, _UPPER, _VARIANT = 0, 1, 2


def _itself(item: Any) -> Any:
    return item


@lru_cache(maxsize=16384)
def vietnamese_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bytes]:
    """Return the sort key that puts texts in Vietnamese order, as "vi-x-icu" does."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for base, variant, marks in _clusters(unicodedata.normalize("NFD", text)):
        if base is not None:
            letter, marks = _join(base, marks)
            primary.append(_primary(letter))
            secondary.append(_BASE)
            tertiary.append(_VARIANT if variant else _tertiary(base))
        for mark in marks:
            secondary.append(_SECONDARY.get(mark, _OTHER_MARKS + ord(mark)))
            tertiary.append(_LOWER)
    return tuple(primary), tuple(secondary), tuple(tertiary), text.encode("utf-8", "surrogatepass")


def vietnamese_sorted(items: Iterable[T], key: Callable[[T], Any] = _itself) -> list[T]:
    """Return the items in Vietnamese order of the text `key` gives for each (None sorts first)."""
    return sorted(items, key=lambda item: vietnamese_key(key(item) or ""))


def compare(left: str, right: str) -> int:
    """Compare two texts in Vietnamese order: -1, 0 or 1 (a SQLite collation's answer)."""
    left_key, right_key = vietnamese_key(left), vietnamese_key(right)
    return (left_key > right_key) - (left_key < right_key)


def _clusters(text: str):
    """Yield each base character (None before a leading mark) with the marks that follow it,
    and whether it stands for a variant ("²" for "2", "½" for "1⁄2", a no-break space)."""
    base: str | None = None
    variant = False
    marks: list[str] = []
    for char, is_variant in _expanded(text):
        category = unicodedata.category(char)
        if category in ("Mn", "Me"):
            marks.append(char)
            continue
        if _ignorable(char, category):
            continue
        if base is not None or marks:
            yield base, variant, marks
        base, variant, marks = char, is_variant, []
    if base is not None or marks:
        yield base, variant, marks


def _expanded(text: str):
    """Yield the characters of an NFD text, a compatibility character as those it stands for."""
    for char in text:
        if char in _PRIMARY or not unicodedata.decomposition(char).startswith("<"):
            yield char, False
            continue
        for part in unicodedata.normalize("NFKD", char):
            yield part, True


def _ignorable(char: str, category: str) -> bool:
    """Whether ICU gives a character no weight at all (format and control characters)."""
    return category == "Cf" or (category == "Cc" and char not in _WHITE_SPACE)


def _join(base: str, marks: list[str]) -> tuple[str, list[str]]:
    """Return the letter a base makes with its first joining mark, and the marks left over.

    A mark joins across marks of a lower combining class only: "ặ" (a, dot below, breve) is "ă"
    with a dot below, as in NFD, while "a", acute, breve is "a" with two marks.
    """
    lower = base.lower()
    if len(lower) != 1:
        lower = base
    for index, mark in enumerate(marks):
        letter = _JOINED.get((lower, mark))
        if letter is None:
            continue
        joining_class = unicodedata.combining(mark)
        if all(0 < unicodedata.combining(before) < joining_class for before in marks[:index]):
            return letter, marks[:index] + marks[index + 1 :]
        break
    return lower, marks


def _primary(char: str) -> int:
    weight = _PRIMARY.get(char)
    if weight is not None:
        return weight
    category = unicodedata.category(char)
    if category == "Zs":
        return _PRIMARY[" "]
    if category == "Nd":
        return _DIGITS + unicodedata.digit(char)
    if category[0] in "LN":
        return _OTHER_LETTERS + ord(char)
    return _OTHER_SYMBOLS + ord(char)


def _tertiary(base: str) -> int:
    return _UPPER if base != base.lower() else _LOWER
