"""Build the one plain data context that both the DOCX and the HTML template of a letter read."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from webapp.directives.models import LETTER_KIND_LABELS, LetterKind
from workflows.letters import nd30
from workflows.letters.annex import (
    ANNEX_COLUMNS,
    ANNEX_WIDTHS,
    ANNEX_WORD,
    annex_reference,
)
from workflows.letters.annex import POINTER as ANNEX_POINTER
from workflows.periods import local_today

ADDRESSEE_WORD = "Kính gửi:"
RECIPIENTS_WORD = "Nơi nhận:"
DEADLINE_SENTENCE = "Thời hạn hoàn thành: trước ngày {:%d/%m/%Y}."
END_MARK = "./."

DRAFT_MARK = "DỰ THẢO"
# The kinds numbered in the register: unnumbered, they are drafts. (An apology letter is the
# ward's own, numbered and signed there.)
REGISTERED_KINDS = frozenset(LetterKind) - {LetterKind.APOLOGY}

# Every top-level key of a letter context, in the order a template meets them.
CONTEXT_KEYS = (
    "draft_mark",
    "kind",
    "kind_label",
    "subject",
    "issuer_regular",
    "issuer_bold",
    "national_title",
    "motto",
    "number_line",
    "subject_line",
    "place_date_line",
    "addressee_heading",
    "addressee_lines",
    "opening",
    "table",
    "lead_in",
    "assignments",
    "closing",
    "recipients_heading",
    "recipients",
    "signer_lines",
    "signer_name",
    "annex",
    "content_lines",
)

# Control characters XML 1.0 refuses (a line break stays), lone surrogates and non-characters.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NUMERIC = re.compile(r"^[\d\s.,%+\-–—/]*$")


def clean(value: object) -> str:
    """Return text in NFC with Unix line breaks, tabs as spaces and no characters XML refuses."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _UNSAFE.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def _texts(values: list | None) -> list[str]:
    return [text for text in (clean(value) for value in values or []) if text]


def _sub_item_text(item: object) -> str:
    return clean(item.get("text", "") if isinstance(item, dict) else item)


def _heading(text: str) -> str:
    text = text.rstrip()
    return text if not text or text.endswith(":") else f"{text}:"


def _with_end_mark(text: str) -> str:
    text = text.rstrip()
    if text.endswith(END_MARK):
        return text
    return (text[:-1] if text.endswith((".", ";", ",")) else text) + END_MARK


def _assignments(directive) -> list[dict]:
    items = []
    ordered = sorted(directive.assignments, key=lambda item: item.position or 0)
    for index, assignment in enumerate(ordered, start=1):
        subs = [text for text in map(_sub_item_text, assignment.sub_items or []) if text]
        items.append(
            {
                "label": nd30.item_label(index),
                "heading": _heading(clean(assignment.heading)),
                "text": clean(assignment.text),
                "sub_items": [
                    {"label": nd30.sub_item_label(number), "text": text}
                    for number, text in enumerate(subs, start=1)
                ],
                "deadline": (
                    DEADLINE_SENTENCE.format(assignment.deadline) if assignment.deadline else ""
                ),
            }
        )
    return items


def _mark_end(opening: list[str], assignments: list[dict], closing: list[str]) -> None:
    """Close the letter's content with "./." on its last paragraph."""
    if closing:
        closing[-1] = _with_end_mark(closing[-1])
    elif assignments:
        last = assignments[-1]
        if last["deadline"]:
            last["deadline"] = _with_end_mark(last["deadline"])
        elif last["sub_items"]:
            last["sub_items"][-1]["text"] = _with_end_mark(last["sub_items"][-1]["text"])
        else:
            last["text"] = _with_end_mark(last["text"])
    elif opening:
        opening[-1] = _with_end_mark(opening[-1])


def _table(kind: LetterKind, table: dict | None) -> dict:
    if kind is not LetterKind.NOTICE or not table:
        return {"columns": [], "rows": [], "align": [], "widths": []}
    columns = [clean(column) for column in table.get("columns") or []]
    rows = [[clean(cell) for cell in row] for row in table.get("rows") or []]
    width = len(columns)
    rows = [(row + [""] * width)[:width] for row in rows]
    align = [
        "center" if all(_NUMERIC.match(row[index]) for row in rows) else "left"
        for index in range(width)
    ]
    return {"columns": columns, "rows": rows, "align": align, "widths": _shares(columns, rows)}


# About how many characters of 12 pt text the 16.5 cm table holds across; a bold header letter
# takes about a fifth more room (a capital a half more), and a cell's padding two characters.
TABLE_CHARACTERS = 88
BOLD = 1.2
BOLD_CAPITAL = 1.6
PADDING = 2.0


def _bold_width(word: str) -> float:
    return sum(BOLD_CAPITAL if letter.isupper() else BOLD for letter in word)


def _shares(columns: list[str], rows: list[list[str]]) -> list[str]:
    """Return each column's share of the table width in percent.

    Each column gets at least its longest header word (bold) and its longest value word, so no
    word is broken inside ("STT", "Tiếp nhận"); what is left is shared by how much text the
    column holds (a value should stay on one line, a header may take three)."""
    floors, wants = [], []
    for index, column in enumerate(columns):
        values = [row[index] for row in rows]
        header_word = max(map(_bold_width, column.split()), default=BOLD)
        value_word = max((len(word) for value in values for word in value.split()), default=0)
        floor = max(header_word, value_word) + PADDING
        longest_value = min(max(map(len, values), default=0), 30)
        want = max(floor, longest_value + PADDING, (len(column) + 2) / 3 * BOLD + PADDING)
        floors.append(floor)
        wants.append(want)
    if sum(wants) > TABLE_CHARACTERS:
        spare = TABLE_CHARACTERS - sum(floors)
        extra = [want - floor for want, floor in zip(wants, floors, strict=True)]
        scale = max(spare, 0) / sum(extra) if sum(extra) else 0
        wants = [floor + more * scale for floor, more in zip(floors, extra, strict=True)]
    total = sum(wants)
    return [f"{100 * want / total:.1f}" for want in wants]


def _annex(directive, body) -> dict:
    """The stored annex, laid out: its heading lines, and each section's table; {} without one."""
    stored = directive.annex
    if not stored or not stored.get("sections"):
        return {}
    return {
        "word": ANNEX_WORD,
        "title": clean(stored.get("title", "")),
        "reference": annex_reference(
            directive.number,
            clean(directive.symbol) or clean(body.symbol),
            directive.letter_date,
            clean(body.name),
        ),
        "columns": list(ANNEX_COLUMNS),
        "widths": [f"{100 * w / sum(ANNEX_WIDTHS):.1f}" for w in ANNEX_WIDTHS],
        "sections": [
            {
                "heading": clean(section.get("heading", "")),
                "note": clean(section.get("note", "")),
                "rows": [
                    [clean(cell) for cell in row][: len(ANNEX_COLUMNS)]
                    for row in section.get("rows") or []
                ],
            }
            for section in stored["sections"]
        ],
    }


def _addressees(addressees: list | None) -> tuple[str, list[str]]:
    lines = nd30.addressee_lines(_texts(addressees))
    if not lines:
        return "", []
    if len(lines) == 1:
        return f"{ADDRESSEE_WORD} {lines[0]}.", []
    return ADDRESSEE_WORD, lines


def letter_context(directive, today: date | None = None) -> dict:
    """Return the letter's words, laid out by ND30's rules, as one plain dict; an unsigned letter
    is marked DỰ THẢO and dated in `today`'s year (Vietnam's date when not given)."""
    kind = LetterKind(directive.kind)
    body = directive.issuing_body
    issuer_regular, issuer_bold = nd30.issuer_lines(clean(body.parent_name), clean(body.name))
    signer = directive.signer
    opening = _texts(directive.opening)
    assignments = _assignments(directive)
    closing = _texts(directive.closing)
    _mark_end(opening, assignments, closing)
    addressee_heading, addressee_lines = _addressees(directive.addressees)
    subject = clean(directive.subject)
    # A registered kind is signed when it takes its number: until then it is a draft, marked
    # DỰ THẢO and dated blank in the year it is prepared, whatever date it carries (signing
    # dates it that day); the date line and the mark always agree.
    unsigned = directive.number is None and kind in REGISTERED_KINDS
    dated = directive.letter_date is not None and not unsigned
    context = {
        "draft_mark": DRAFT_MARK if unsigned else "",
        "kind": kind.value,
        "kind_label": LETTER_KIND_LABELS[kind],
        "subject": subject,
        "issuer_regular": issuer_regular,
        "issuer_bold": issuer_bold,
        "national_title": nd30.NATIONAL_TITLE,
        "motto": nd30.MOTTO,
        "number_line": nd30.number_line(
            directive.number, clean(directive.symbol) or clean(body.symbol)
        ),
        "subject_line": nd30.last_words_together(nd30.subject_line(subject)),
        "place_date_line": nd30.place_date_line(clean(body.place), directive.letter_date)
        if dated
        else nd30.draft_date_line(clean(body.place), (today or local_today()).year),
        "addressee_heading": addressee_heading,
        "addressee_lines": addressee_lines,
        "opening": opening,
        "table": _table(kind, directive.table),
        "lead_in": clean(directive.lead_in),
        "assignments": assignments,
        "closing": closing,
        "recipients_heading": RECIPIENTS_WORD,
        "recipients": nd30.recipient_lines(
            _texts(directive.recipients), clean(directive.drafting_unit)
        ),
        "signer_lines": nd30.signature_lines(clean(signer.authority), clean(signer.title))
        if signer
        else [],
        "signer_name": clean(signer.full_name) if signer else "",
        "annex": _annex(directive, body),
    }
    if context["annex"]:
        context["opening"] = [*opening, ANNEX_POINTER]
    context["content_lines"] = content_lines(context)
    return context


def content_lines(context: dict) -> list[str]:
    """Return the letter's words in reading order, one printed line per item."""
    pieces: list[str] = [
        context["draft_mark"],
        *context["issuer_regular"],
        *context["issuer_bold"],
        context["national_title"],
        context["motto"],
        context["number_line"],
        context["subject_line"],
        context["place_date_line"],
        context["addressee_heading"],
        *context["addressee_lines"],
        *context["opening"],
    ]
    table = context["table"]
    if table["columns"]:
        pieces.append(" ".join(table["columns"]))
        pieces.extend(" ".join(row) for row in table["rows"])
    pieces.append(context["lead_in"])
    for item in context["assignments"]:
        first = " ".join(part for part in (item["label"], item["heading"], item["text"]) if part)
        pieces.append(first)
        pieces.extend(f"{sub['label']} {sub['text']}" for sub in item["sub_items"])
        pieces.append(item["deadline"])
    pieces.extend(context["closing"])
    pieces.append(context["recipients_heading"])
    pieces.extend(context["recipients"])
    pieces.extend(context["signer_lines"])
    pieces.append(context["signer_name"])
    annex = context.get("annex")
    if annex:
        pieces.extend((annex["word"], annex["title"], annex["reference"]))
        for section in annex["sections"]:
            pieces.extend((section["heading"], section["note"]))
            if section["rows"]:
                pieces.append(" ".join(annex["columns"]))
                pieces.extend(" ".join(row) for row in section["rows"])
    lines = [line for piece in pieces for line in piece.split("\n") if line.strip()]
    # As a reader copies them: a no-break space is a space.
    return [line.replace(nd30.NO_BREAK, " ") for line in lines]


def context_variables(kind: str) -> set[str]:
    """Return the top-level context keys a template of this kind may use."""
    LetterKind(kind)
    return set(CONTEXT_KEYS)
