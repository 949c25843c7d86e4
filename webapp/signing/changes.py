"""Say what the updates appended after a signature changed in what a reader is shown.

pyHanko's difference analysis files a new document title (/Info) and new XMP metadata under the
same level as long-term validation data (a DSS, document timestamps). Here the signed revision
and the last one are compared on those two, so only the validation data itself passes unseen.
"""

from __future__ import annotations

from lxml import etree
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

# Every writer stamps these when it saves, long-term validation tools included: they say
# nothing about the letter.
INFO_BOOKKEEPING = frozenset({"/ModDate", "/Producer"})
INFO_LABELS = {
    "/Author": "Tác giả",
    "/Subject": "Chủ đề",
    "/Keywords": "Từ khóa",
    "/Creator": "Phần mềm tạo tệp",
}
XMP = "{http://ns.adobe.com/xap/1.0/}"
XMP_MM = "{http://ns.adobe.com/xap/1.0/mm/}"
XMP_BOOKKEEPING = frozenset(
    {
        f"{XMP}ModifyDate",
        f"{XMP}MetadataDate",
        "{http://ns.adobe.com/pdf/1.3/}Producer",
        f"{XMP_MM}InstanceID",
        f"{XMP_MM}History",
        "{adobe:ns:meta/}xmptk",
    }
)
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XMP_FRAME = frozenset({"{adobe:ns:meta/}xmpmeta", f"{RDF}RDF", f"{RDF}Description"})
FIELDS_NAMED = 5
LONG_TERM_ONLY = "Sau khi ký chỉ được bổ sung dữ liệu kiểm chứng dài hạn (DSS, dấu thời gian)."


def later_changes(signature, diff_result) -> list[str]:
    """Say what the updates after the signature changed beyond long-term validation data."""
    details = []
    if isinstance(diff_result, DiffResult):
        level = diff_result.modification_level
        if level == ModificationLevel.NONE:
            return []
        details += _form_changes(level, sorted(diff_result.changed_form_fields))
    elif diff_result is None:
        return []
    reader = signature.reader
    signed = reader.get_historical_resolver(signature.signed_revision)
    last = reader.get_historical_resolver(reader.xrefs.total_revisions - 1)
    details += _info_changes(signed, last) + _xmp_changes(signed, last)
    return details


def _form_changes(level: ModificationLevel, fields: list[str]) -> list[str]:
    details = []
    if level >= ModificationLevel.FORM_FILLING and fields:
        named = ", ".join(fields[:FIELDS_NAMED]) + (", …" if len(fields) > FIELDS_NAMED else "")
        details.append(f"Trường biểu mẫu được thêm hoặc điền sau khi ký: {named}.")
    elif level == ModificationLevel.FORM_FILLING:
        details.append("Biểu mẫu của tệp được sửa sau khi ký.")
    if level >= ModificationLevel.ANNOTATIONS:
        details.append("Chú thích (annotation) được thêm hoặc sửa trên trang sau khi ký.")
    return details


def _info_changes(signed, last) -> list[str]:
    before, after = _info(signed), _info(last)
    changed = sorted(
        key
        for key in before.keys() | after.keys()
        if key not in INFO_BOOKKEEPING and before.get(key) != after.get(key)
    )
    details, others = [], []
    for key in changed:
        if key == "/Title":
            title = after.get(key)
            details.append(
                f"Tiêu đề tài liệu (/Info) đã đổi thành “{title[:200]}”."
                if title
                else "Tiêu đề tài liệu (/Info) đã đổi (bị xóa)."
            )
        elif key in INFO_LABELS:
            details.append(f"{INFO_LABELS[key]} (/Info {key}) đã đổi.")
        else:
            others.append(key)
    if others:
        details.append(f"Thông tin tài liệu (/Info) đã đổi: {', '.join(others)}.")
    return details


def _info(resolver) -> dict[str, str]:
    """Return the document information of one revision, each value as text."""
    info = _resolved(resolver, _raw(resolver.trailer_view, "/Info"))
    if not isinstance(info, generic.DictionaryObject):
        return {}
    return {str(key): _text(_resolved(resolver, info.raw_get(key))) for key in info}


def _raw(dictionary, key: str):
    """Return a dictionary's value without following it, None when absent or not a dictionary."""
    if isinstance(dictionary, generic.DictionaryObject) and key in dictionary:
        return dictionary.raw_get(key)
    return None


def _resolved(resolver, value):
    # The views pyHanko gives of an older revision follow references to the newest objects:
    # each reference is looked up in that revision itself.
    if isinstance(value, generic.IndirectObject):
        return resolver(value.reference)
    return value


def _text(value) -> str:
    if isinstance(value, generic.ByteStringObject):
        return value.original_bytes.hex()
    return str(value)


def _xmp_changes(signed, last) -> list[str]:
    before, after = _xmp(signed), _xmp(last)
    if before == after:
        return []
    if after is None and before is not None:
        return ["Siêu dữ liệu XMP đã bị xóa sau khi ký."]
    return ["Siêu dữ liệu XMP đã thay sau khi ký."]


def _xmp(resolver):
    """Return the (property, value) pairs of a revision's XMP metadata, bookkeeping left out."""
    # None without metadata; the stream as written when it does not parse.
    stream = _resolved(resolver, _raw(resolver.root, "/Metadata"))
    if stream is None:
        return None
    if not isinstance(stream, generic.StreamObject):
        return repr(stream)
    try:
        return _xmp_facts(stream.read_data(DecodePurpose.XMP_METADATA))
    except Exception:  # damaged, oversized, not XML or not XMP: compared as written
        return stream.encoded_data


def _xmp_facts(data: bytes) -> list[tuple[str, str]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser=parser)
    facts = []
    for element in root.iter():
        if not isinstance(element.tag, str) or _bookkeeping(element):
            continue
        path = "/".join(
            node.tag
            for node in (*reversed(list(element.iterancestors())), element)
            if node.tag not in XMP_FRAME
        )
        for name, value in element.attrib.items():
            if name not in XMP_BOOKKEEPING and name != f"{RDF}about":
                facts.append((f"{path}@{name}" if path else name, value))
        if len(element) == 0 and (element.text or "").strip():
            facts.append((path, element.text.strip()))
    return sorted(facts)


def _bookkeeping(element) -> bool:
    return any(node.tag in XMP_BOOKKEEPING for node in (element, *element.iterancestors()))
