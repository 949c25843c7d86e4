"""The letter context: ND30 wording, NFC text, plain data, one key set for every template."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
import yaml

from tests.webapp.documents import samples
from tests.webapp.documents.letters import docx_lines
from webapp.directives.models import Assignment, LetterKind
from webapp.documents.context import CONTEXT_KEYS, clean, context_variables, letter_context
from webapp.documents.render import DOC_TEMPLATES, render_docx, render_html

KINDS = [kind.value for kind in LetterKind]


def _walk(value):
    """Yield every leaf of a context, failing on anything but str, list and dict."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        assert all(isinstance(key, str) for key in value)
        for item in value.values():
            yield from _walk(item)
    else:
        raise AssertionError(f"not plain data: {value!r}")


@pytest.mark.parametrize("kind", KINDS)
def test_context_is_plain_nfc_data_with_every_key(kind):
    context = letter_context(samples.BUILDERS[kind]())
    assert tuple(context) == CONTEXT_KEYS
    assert set(context) == context_variables(kind)
    for text in _walk(context):
        assert unicodedata.is_normalized("NFC", text), text
    assert context["kind"] == kind
    assert all(line.strip() for line in context["content_lines"])


def test_directive_wording_follows_nd30():
    context = letter_context(samples.directive())
    assert context["issuer_regular"] == []
    assert context["issuer_bold"] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ BIÊN HÒA"]
    assert context["national_title"] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert context["motto"] == "Độc lập - Tự do - Hạnh phúc"
    assert context["number_line"] == "Số: 05/UBND-VP"
    assert context["place_date_line"] == "Biên Hòa, ngày 05 tháng 01 năm 2024"
    assert context["subject_line"].startswith("V/v chấn chỉnh tình trạng")
    assert context["addressee_heading"] == "Kính gửi:"
    assert context["addressee_lines"] == [
        "- Phòng Quản lý đô thị thành phố;",
        "- Phòng Nội vụ thành phố;",
        "- Phòng Văn hóa và Thông tin thành phố;",
        "- UBND 30 phường, xã.",
    ]
    first, second = context["assignments"]
    assert first["label"] == "1."
    assert first["heading"].startswith("Đối với các đơn vị") and first["heading"].endswith(":")
    assert [sub["label"] for sub in first["sub_items"]] == ["a)", "b)"]
    assert first["deadline"] == "Thời hạn hoàn thành: trước ngày 05/02/2024."
    assert second["label"] == "2." and second["deadline"] == ""
    assert context["closing"][-1].endswith("để xử lý./.")
    assert context["recipients"][0] == "- Như trên;"
    assert context["recipients"][-1] == "- Lưu: VT, VP."
    assert context["signer_lines"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert context["signer_name"] == "Nguyễn Hữu Đính"
    assert context["table"] == {"columns": [], "rows": [], "align": [], "widths": []}


def test_notice_date_table_and_single_addressee():
    context = letter_context(samples.notice(rows=3))
    assert context["place_date_line"] == "Biên Hòa, ngày 29 tháng 6 năm 2024"
    assert context["number_line"] == "Số: 118/UBND-VP"
    assert context["addressee_heading"] == "Kính gửi: UBND 30 phường, xã."
    assert context["addressee_lines"] == []
    table = context["table"]
    assert table["columns"][1] == "Đơn vị"
    assert table["rows"][0][:2] == ["1", "UBND phường An Bình"]
    assert table["align"] == ["center", "left", "center", "center", "center", "center"]
    assert sum(float(width) for width in table["widths"]) == pytest.approx(100, abs=0.5)
    assert context["signer_lines"] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    # Without closing paragraphs the last assignment's last line ends the letter.
    assert context["assignments"][-1]["deadline"] == "Thời hạn hoàn thành: trước ngày 15/07/2024./."
    assert "STT Đơn vị Tiếp nhận Đúng hạn Quá hạn Tỷ lệ đúng hạn (%)" in context["content_lines"]


def test_unsigned_draft_is_marked_and_dated_in_the_year_it_is_prepared():
    context = letter_context(samples.reminder(), today=date(2026, 12, 4))
    assert context["number_line"] == "Số:      /UBND-VP"
    # The figures are January 2024's; the draft is signed this year, on a day yet to come.
    assert context["place_date_line"] == "Biên Hòa, ngày      tháng      năm 2026"
    assert context["draft_mark"] == "DỰ THẢO" == context["content_lines"][0]
    assert letter_context(samples.directive())["draft_mark"] == ""
    assert letter_context(samples.apology())["draft_mark"] == ""


@pytest.mark.parametrize("kind", ["reminder", "directive"])
def test_a_draft_carrying_a_date_is_still_dated_blank_in_the_year_it_is_prepared(kind):
    # A draft whose date was set to the figures' month (February 2024): until it is signed, its
    # date line agrees with its DỰ THẢO mark, in the HTML and the DOCX alike.
    letter = samples.BUILDERS[kind]()
    letter.number, letter.letter_date = None, date(2024, 2, 1)
    context = letter_context(letter, today=date(2026, 12, 4))
    blank = "Biên Hòa, ngày      tháng      năm 2026"
    assert context["draft_mark"] == "DỰ THẢO"
    assert context["place_date_line"] == blank
    assert "2024" not in context["place_date_line"]
    html = render_html(context, kind)
    assert blank in html and "tháng 02 năm 2024" not in html
    lines = docx_lines(render_docx(context, kind))
    assert [line for line in lines if line.startswith("Biên Hòa, ngày")] == [blank]
    # Signed, it carries the day it was signed on.
    letter.number, letter.letter_date = 7, date(2026, 12, 5)
    signed = letter_context(letter, today=date(2026, 12, 4))
    assert signed["place_date_line"] == "Biên Hòa, ngày 05 tháng 12 năm 2026"
    assert signed["draft_mark"] == ""


def test_apology_is_a_unit_under_its_parent_to_one_citizen():
    context = letter_context(samples.apology())
    assert context["issuer_regular"] == ["UBND THÀNH PHỐ BIÊN HÒA"]
    assert context["issuer_bold"] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN TIẾN"]
    assert context["addressee_heading"] == "Kính gửi: Bà Nguyễn Thị Hồng Nhung."
    assert context["kind_label"] == "Văn bản xin lỗi"
    assert context["closing"] == ["Trân trọng cảm ơn Bà./."]
    assert context["signer_lines"] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_table_belongs_to_the_notice_only():
    letter = samples.directive(table={"columns": ["A"], "rows": [["1"]]})
    assert letter_context(letter)["table"]["columns"] == []


def test_text_is_cleaned_to_nfc_without_control_characters():
    decomposed = unicodedata.normalize("NFD", "Phường Tân Tiến")
    assert clean(f" {decomposed}\r\nhai\tba\x00\x07\x1b\ufffe ") == "Phường Tân Tiến\nhai ba"
    assert clean(None) == ""
    letter = samples.directive(subject=decomposed, addressees=[decomposed, "  ", decomposed])
    context = letter_context(letter)
    assert context["subject"] == "Phường Tân Tiến"
    assert context["addressee_lines"] == ["- Phường Tân Tiến;", "- Phường Tân Tiến."]


def test_content_lines_split_user_line_breaks():
    letter = samples.directive(opening=["một\nhai"], closing=[], lead_in="")
    letter.assignments = [Assignment(position=4, text="Làm ngay", deadline=date(2024, 3, 1))]
    lines = letter_context(letter)["content_lines"]
    assert lines[lines.index("một") + 1] == "hai"
    assert "1. Làm ngay" in lines
    assert "Thời hạn hoàn thành: trước ngày 01/03/2024./." in lines


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        context_variables("memo")


@pytest.mark.parametrize("kind", KINDS)
def test_metadata_names_the_kind_and_only_known_variables(kind):
    metadata = yaml.safe_load((DOC_TEMPLATES / kind / "metadata.yaml").read_text("utf-8"))
    assert metadata["kind"] == kind
    assert metadata["version"] == "1"
    assert metadata["name"] == LetterKind(kind).label
    assert unicodedata.is_normalized("NFC", metadata["name"])
    assert set(metadata["variables"]) <= context_variables(kind)
    assert ("table" in metadata["variables"]) == (kind == "notice")
