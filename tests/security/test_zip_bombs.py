"""An XLSX and a DOCX of two megabytes whose parts unpack to two gigabytes are refused without
being unpacked, wherever they are sent: imports (page, API, command line), report evidence and
letter templates. The process's peak memory stays where it was."""

from __future__ import annotations

import io
import random

import pytest
from openpyxl import Workbook

from tests.security.bombs import MIB, PeakMemory, bomb_of, declared_size, members_of, write_zip
from tests.security.forging import csrf_of, files_under, page_text, post_multipart, row_counts
from webapp.documents.models import TemplateVersion
from webapp.documents.render import DOC_TEMPLATES
from webapp.files import DOCX_MIMETYPE, XLSX_MIMETYPE
from webapp.imports.models import ImportRun
from webapp.reports.models import Evidence, Report
from webapp.units.models import Unit

UNPACKED = 2048 * MIB
# Reading, checking and answering a two-megabyte upload takes a few megabytes; unpacking the
# bomb would take two thousand.
MEMORY_RISE_MAX_MIB = 100
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def workbook_bytes() -> bytes:
    book = Workbook()
    book.active.append(["code", "name", "kind", "parent_code"])
    book.active.append(["PHUMY", "UBND xã Phú Mỹ", "commune", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def xlsx_bomb() -> bytes:
    """A workbook whose shared strings (which openpyxl reads whole) unpack to two gigabytes."""
    head = f'<sst xmlns="{SHEET_NS}" count="1" uniqueCount="1"><si><t>'.encode()
    return bomb_of(workbook_bytes(), "xl/sharedStrings.xml", head, b"</t></si></sst>", UNPACKED)


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """The notice template whose body (which python-docx reads whole) unpacks to two gigabytes."""
    template = (DOC_TEMPLATES / "notice" / "template.docx").read_bytes()
    head = f'<w:document xmlns:w="{WORD_NS}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    return bomb_of(template, "word/document.xml", head, tail, UNPACKED)


def refusal(name: str, bomb: bytes) -> str:
    packed = f"{len(bomb) / 1e6:.1f}".replace(".", ",")
    unpacked = f"{round(declared_size(bomb) / 1e6):,}".replace(",", ".")
    return (
        f"Tệp “{name}” nặng {packed} MB nhưng giải nén ra {unpacked} MB: "
        "nghi là tệp nén độc hại, từ chối xử lý."
    )


@pytest.fixture
def kept(instance):
    def snapshot():
        counts = row_counts(Report, Evidence, ImportRun, Unit, TemplateVersion)
        return counts, files_under(instance)

    return snapshot


def test_the_bombs_are_small_and_unpack_to_gigabytes(xlsx_bomb, docx_bomb):
    for bomb in (xlsx_bomb, docx_bomb):
        assert len(bomb) < 3 * MIB
        assert declared_size(bomb) > 2 * 10**9


def test_an_xlsx_bomb_sent_to_the_import_api_is_refused_unopened(client, tokens, kept, xlsx_bomb):
    before = kept()
    with PeakMemory() as memory:
        answer = post_multipart(
            client,
            "/api/v1/imports",
            [("kind", "units")],
            [("file", "don-vi.xlsx", XLSX_MIMETYPE, xlsx_bomb)],
            tokens["office"],
        )
    assert answer.status_code == 422
    message = refusal("don-vi.xlsx", xlsx_bomb)
    assert answer.json == {"error": message, "details": [{"field": "file", "message": message}]}
    assert memory.rise_mib < MEMORY_RISE_MAX_MIB
    assert kept() == before


def test_an_xlsx_bomb_sent_to_the_import_page_is_refused_unopened(
    client, login, issued, kept, xlsx_bomb
):
    login("vanphong")
    token = csrf_of(client.get("/imports"))
    before = kept()
    with PeakMemory() as memory:
        answer = post_multipart(
            client,
            "/imports",
            [("csrf_token", token), ("kind", "units")],
            [("file", "don-vi.xlsx", XLSX_MIMETYPE, xlsx_bomb)],
        )
    assert answer.status_code == 422
    assert f"<li>{refusal('don-vi.xlsx', xlsx_bomb)}</li>" in page_text(answer)
    assert memory.rise_mib < MEMORY_RISE_MAX_MIB
    assert kept() == before


def test_an_xlsx_bomb_given_to_the_import_command_is_refused_unopened(
    runner, issued, tmp_path, kept, xlsx_bomb
):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx_bomb)
    before = kept()
    with PeakMemory() as memory:
        result = runner.invoke(args=["import", str(path), "--kind", "units"])
    assert result.exit_code == 1
    assert "Tệp XLSX giải nén ra quá lớn so với kích thước tệp: từ chối xử lý." in result.stderr
    assert memory.rise_mib < MEMORY_RISE_MAX_MIB
    counts, files = kept()
    assert (counts["units"], files) == (before[0]["units"], before[1])


@pytest.mark.parametrize(
    ("bomb_name", "name", "declared"),
    [("xlsx_bomb", "so-lieu.xlsx", XLSX_MIMETYPE), ("docx_bomb", "giai-trinh.docx", DOCX_MIMETYPE)],
)
def test_a_bomb_sent_as_evidence_is_refused_unopened(
    client, issued, tokens, kept, request, bomb_name, name, declared
):
    bomb = request.getfixturevalue(bomb_name)
    task = issued.task("ANBINH")
    before = kept()
    with PeakMemory() as memory:
        answer = post_multipart(
            client,
            f"/api/v1/tasks/{task.id}/reports",
            [("text", "Đã khắc phục."), ("percent", "100")],
            [("files", name, declared, bomb)],
            tokens["anbinh"],
        )
    assert answer.status_code == 422
    assert answer.json["details"] == [
        {"field": "files", "value": name, "message": refusal(name, bomb)}
    ]
    assert memory.rise_mib < MEMORY_RISE_MAX_MIB
    assert kept() == before


def post_template(client, docx: bytes):
    token = csrf_of(client.get("/admin/templates"))
    files = [("docx", "mau.docx", DOCX_MIMETYPE, docx)]
    for field, name in (("html", "template.html"), ("css", "style.css")):
        files.append((field, name, "text/plain", (DOC_TEMPLATES / "notice" / name).read_bytes()))
    return post_multipart(
        client, "/admin/templates", [("csrf_token", token), ("kind", "notice")], files
    )


def test_a_docx_bomb_uploaded_as_a_letter_template_is_refused_unopened(
    client, login, issued, kept, docx_bomb
):
    login("quantri")
    before = kept()
    with PeakMemory() as memory:
        answer = post_template(client, docx_bomb)
    assert answer.status_code == 422
    assert f"<td>template.docx</td><td>{refusal('mau.docx', docx_bomb)}</td>" in page_text(answer)
    assert memory.rise_mib < MEMORY_RISE_MAX_MIB
    assert kept() == before


def test_a_template_unpacking_past_its_ceiling_is_refused_though_it_packs_well(
    client, login, issued, kept
):
    template = (DOC_TEMPLATES / "notice" / "template.docx").read_bytes()
    # Sixty megabytes of text in one megabyte: no zip bomb by ratio, yet more than a letter
    # template ever holds, and python-docx would hold it all in memory.
    noise = random.Random(7).randbytes(12 * 1024).hex().encode()
    filler = (noise + b"A" * MIB)[:MIB]
    body = bomb_of(
        template, "word/document.xml", b"<w:document>", b"</w:document>", 60 * MIB, filler
    )
    assert len(body) * 100 > declared_size(body) > 50 * 1024 * 1024
    login("quantri")
    before = kept()
    answer = post_template(client, body)
    assert answer.status_code == 422
    assert f"<td>template.docx</td><td>{refusal('mau.docx', body)}</td>" in page_text(answer)
    assert kept() == before


def test_an_ordinary_archive_is_not_taken_for_a_bomb(client, issued, tokens):
    task = issued.task("ANBINH")
    template = (DOC_TEMPLATES / "notice" / "template.docx").read_bytes()
    rebuilt = write_zip(members_of(template))
    answer = post_multipart(
        client,
        f"/api/v1/tasks/{task.id}/reports",
        [("text", "Giải trình."), ("percent", "50")],
        [("files", "giai-trinh.docx", DOCX_MIMETYPE, rebuilt)],
        tokens["anbinh"],
    )
    assert answer.status_code == 201
    assert answer.json["evidence"][0]["content_type"] == DOCX_MIMETYPE
