"""The signatures of a PDF's signature fields, each once: the fields that point to the same
signature dictionary, or to copies of it, are its duplicates and are not checked again."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields

from webapp.formatting import number
from webapp.signing.budget import Deadline

SUBFILTERS = frozenset(subfilter.value for subfilter in SigSeedSubFilter)
NAMES_SHOWN = 5


@dataclass
class FoundSignature:
    """A signature value and the signature fields that point to it (the first one and the rest)."""

    field_name: str
    sig_field: generic.DictionaryObject
    duplicates: list[str] = field(default_factory=list)


def distinct_signatures(reader: PdfFileReader, deadline: Deadline) -> list[FoundSignature]:
    """Return each signature of the file's signature fields once, with its duplicate fields."""
    # A field pointing to the same signature dictionary, or to a copy with the same value and
    # signed range, is a duplicate. Document timestamps are no one's signature: left out.
    found: list[FoundSignature] = []
    seen: dict = {}
    for name, value, sig_field in enumerate_sig_fields(reader, filled_status=True):
        deadline.check()
        signature = value.get_object()
        if not isinstance(signature, generic.DictionaryObject):
            continue
        if (
            signature.get("/Type") == "/DocTimeStamp"
            or signature.get("/SubFilter") not in SUBFILTERS
        ):
            continue
        reference = value.reference if isinstance(value, generic.IndirectObject) else None
        # The same dictionary is recognised by its reference alone, before its value is read.
        first = seen.get(reference) if reference is not None else None
        if first is None:
            content = _content_key(signature)
            first = seen.get(content)
            if first is None:
                first = FoundSignature(name, sig_field)
                found.append(first)
                seen[content] = first
                if reference is not None:
                    seen[reference] = first
                continue
            if reference is not None:
                seen[reference] = first
        first.duplicates.append(name)
    return found


def _content_key(signature: generic.DictionaryObject) -> tuple:
    """Return what makes a signature the same wherever it is copied: its value and signed range."""
    raw = generic.EncryptedObjAccess.RAW
    contents = signature.raw_get("/Contents", raw) if "/Contents" in signature else None
    if isinstance(contents, generic.TextStringObject):
        contents = contents.original_bytes
    byte_range = signature.raw_get("/ByteRange", raw) if "/ByteRange" in signature else None
    return (contents if isinstance(contents, bytes) else repr(contents), repr(byte_range))


def duplicates_note(names: list[str]) -> list[str]:
    """Say which other fields point to a signature already checked; nothing when none do."""
    if not names:
        return []
    shown = ", ".join(names[:NAMES_SHOWN]) + (", …" if len(names) > NAMES_SHOWN else "")
    return [
        f"{number(len(names))} trường chữ ký khác trỏ tới chính chữ ký này ({shown}): "
        "được tính là bản lặp, không kiểm tra lại."
    ]
