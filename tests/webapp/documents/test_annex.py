"""A letter's annex (Phụ lục): drafted from the month's findings, the same in DOCX and PDF, on a
page of its own with the ND30 heading, toggled in the editor and through the API."""

from __future__ import annotations

import csv
import io

import pytest

from tests import factories
from tests.import_headers import DOSSIER_HEADER
from tests.webapp.documents.letters import collapse, docx_lines, libreoffice_pdfs, pdf_text
from webapp.directives.operations import draft_directive, update_draft
from webapp.documents.context import letter_context
from webapp.documents.render import render_docx, render_pdf
from webapp.extensions import db
from webapp.imports.operations import import_file
from workflows.errors import InvalidInput
from workflows.letters.annex import body_in_sentence

# An Bình: 20 dossiers finished in January, 3 of them late, one of those returned on time.
LATE = (
    ("HS-AB-L1", "05/01/2024 08:00", "10/01/2024 17:00", "", "12/01/2024 09:00"),
    ("HS-AB-L2", "08/01/2024 08:00", "15/01/2024 17:00", "15/01/2024 10:00", "18/01/2024 09:00"),
    ("HS-AB-L3", "20/01/2024 08:00", "25/01/2024 17:00", "", "31/01/2024 23:30"),
)


def january_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DOSSIER_HEADER)
    for code, received, due, returned, finished in LATE:
        writer.writerow((code, "ANBINH", "1.001", "direct", received, due, returned, finished))
    for number in range(17):
        day = f"{number + 2:02d}/01/2024"
        writer.writerow(
            (f"HS-AB-{number:02d}", "ANBINH", "1.002", "online", f"{day} 08:00",
             f"{day} 17:00", "", f"{day} 16:00")
        )  # fmt: skip
    writer.writerow(
        ("HS-TM-01", "TANMAI", "1.002", "online", "03/01/2024 08:00", "09/01/2024 17:00", "",
         "04/01/2024 10:00")
    )  # fmt: skip
    return out.getvalue().encode()


def annex_starts(page: str) -> bool:
    """The page opens the annex: "Phụ lục" on a line of its own (under the page number)."""
    return any(line.strip() == "Phụ lục" for line in page.splitlines()[:4])


@pytest.fixture
def letter(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    body = factories.issuing_body()
    leader = factories.user("leader", username="chutich")
    factories.signer(body, "Trần Minh Khôi", "CHỦ TỊCH", account=leader)
    factories.unit("ANBINH", "UBND phường An Bình")
    factories.unit("TANMAI", "UBND phường Tân Mai")
    office = factories.user("office", username="vanphong")
    path = tmp_path / "ho-so.csv"
    path.write_bytes(january_csv())
    import_file(None, "dossiers", path, path.name)
    drafted = draft_directive(office, "2024-01")
    db.session.commit()
    return drafted


def test_the_annex_lists_each_finding_units_dossiers(letter):
    office = factories.user("office")
    update_draft(office, letter, {"annex": True})

    sections = letter.annex["sections"]
    assert letter.annex["title"] == "DANH SÁCH HỒ SƠ CHƯA ĐẠT THÁNG 01/2024"
    assert [s["heading"] for s in sections] == [
        "1. UBND phường An Bình: 03 hồ sơ giải quyết quá hạn",
        "2. UBND phường An Bình: 01 hồ sơ trả kết quả đúng hạn nhưng kết thúc trễ trên phần mềm",
    ]
    assert [row[1] for row in sections[0]["rows"]] == ["HS-AB-L1", "HS-AB-L2", "HS-AB-L3"]
    assert sections[0]["rows"][2] == [
        "3", "HS-AB-L3", "1.001", "20/01/2024 08:00", "25/01/2024 17:00", "", "31/01/2024 23:30",
    ]  # fmt: skip
    assert sections[1]["rows"] == [
        ["1", "HS-AB-L2", "1.001", "08/01/2024 08:00", "15/01/2024 17:00", "15/01/2024 10:00",
         "18/01/2024 09:00"]
    ]  # fmt: skip

    update_draft(office, letter, {"annex": False})
    assert letter.annex is None
    with pytest.raises(InvalidInput) as refused:
        update_draft(office, letter, {"annex": "có"})
    assert refused.value.details[0]["field"] == "annex"


def test_docx_and_pdf_carry_the_same_annex_on_a_page_of_its_own(letter, tmp_path):
    update_draft(factories.user("office"), letter, {"annex": True})
    context = letter_context(letter)

    pdf = render_pdf(context, "directive")
    pages = pdf_text(pdf, tmp_path).split("\f")
    document = docx_lines(render_docx(context, "directive"))

    annex_page = next(i for i, page in enumerate(pages) if annex_starts(page))
    assert annex_page > 0
    annex = collapse(" ".join(pages[annex_page:]))
    reference = (
        "(Kèm theo Văn bản số /UBND-VP ngày tháng năm của Ủy ban nhân dân thành phố Biên Hòa)"
    )
    for text in (
        "DANH SÁCH HỒ SƠ CHƯA ĐẠT THÁNG 01/2024",
        reference,
        "1. UBND phường An Bình: 03 hồ sơ giải quyết quá hạn",
    ):
        assert text in annex, text
        assert text in collapse(" ".join(document)), text
    # A table's cells: the DOCX reads them row by row; the PDF's text wraps dates inside cells.
    header = "STT Mã hồ sơ Mã thủ tục Tiếp nhận Hẹn trả Trả kết quả Kết thúc"
    row = "3 HS-AB-L3 1.001 20/01/2024 08:00 25/01/2024 17:00 31/01/2024 23:30"
    assert header in collapse(" ".join(document)) and row in collapse(" ".join(document))
    for word in (*header.split(), *row.split()):
        assert word in annex.split(), word
    letter_body = collapse(" ".join(pages[:annex_page]))
    assert "Danh sách hồ sơ của từng đơn vị tại Phụ lục kèm theo." in letter_body
    assert "HS-AB-L1" not in letter_body


def test_libreoffice_opens_the_annexed_docx(letter, tmp_path):
    update_draft(factories.user("office"), letter, {"annex": True})
    source = tmp_path / "phu-luc.docx"
    source.write_bytes(render_docx(letter_context(letter), "directive"))

    converted = libreoffice_pdfs([source], tmp_path)

    pages = pdf_text((converted / "phu-luc.pdf").read_bytes(), tmp_path).split("\f")
    annex = next(i for i, page in enumerate(pages) if annex_starts(page))
    assert annex > 0 and "HS-AB-L3" in "".join(pages[annex:]).replace(" ", "")


def test_the_api_toggles_the_annex(client, letter):
    headers = factories.bearer(factories.user("office"))
    db.session.commit()
    answer = client.patch(f"/api/v1/directives/{letter.id}", json={"annex": True}, headers=headers)
    assert answer.status_code == 200, answer.json
    db.session.refresh(letter)
    assert len(letter.annex["sections"]) == 2
    wrong = client.patch(f"/api/v1/directives/{letter.id}", json={"annex": 1}, headers=headers)
    assert wrong.status_code == 422


def test_a_body_name_in_capitals_reads_as_a_sentence_writes_it():
    assert body_in_sentence("ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA") == (
        "Ủy ban nhân dân thành phố Biên Hòa"
    )
    assert body_in_sentence("ỦY BAN NHÂN DÂN THỊ XÃ TÂN UYÊN") == "Ủy ban nhân dân thị xã Tân Uyên"
    assert body_in_sentence("Văn phòng HĐND và UBND") == "Văn phòng HĐND và UBND"
