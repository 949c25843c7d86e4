"""Uploads whose name or declared type says one thing and whose bytes are another are refused,
naming the file, and nothing of them is kept: imports, report evidence, letter templates and the
PDFs checked at /verify, through the pages and the API."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pytest
from openpyxl import Workbook

from tests.security.forging import (
    ELF,
    EXECUTABLE,
    HTML,
    PDF,
    PNG,
    csrf_of,
    files_under,
    page_text,
    post_multipart,
    row_counts,
)
from webapp.documents.models import TemplateVersion
from webapp.documents.render import DOC_TEMPLATES
from webapp.files import DOCX_MIMETYPE, XLSX_MIMETYPE
from webapp.imports.models import ImportRun
from webapp.reports.models import Evidence, Report
from webapp.units.models import Unit

CSV = "code,name,kind,parent_code\nPHUMY,UBND xã Phú Mỹ,commune,\n".encode()
NOT_EVIDENCE = (
    "không phải PDF, DOCX, XLSX hoặc ảnh JPEG, PNG, GIF, WebP "
    "(kiểm tra theo nội dung tệp, không theo đuôi tên)."
)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def xlsx() -> bytes:
    book = Workbook()
    book.active.append(["code", "name", "kind", "parent_code"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Lie:
    """A file sent under a name and a declared type that do not say what it is."""

    name: str
    declared: str
    data: bytes
    message: str  # the refusal, naming the file


@dataclass(frozen=True)
class TemplateLie:
    replaced: dict  # file field: (file name, declared type, bytes)
    message: str


PLAIN_ZIP = zipped({"notes/readme.txt": b"not a workbook"})
DOCX = (DOC_TEMPLATES / "notice" / "template.docx").read_bytes()

EVIDENCE_LIES = {
    "HTML named .pdf": Lie(
        "bien-ban.pdf",
        "application/pdf",
        HTML,
        f"Tệp “bien-ban.pdf” là trang web HTML, {NOT_EVIDENCE}",
    ),
    "program named .pdf": Lie(
        "bien-ban.pdf",
        "application/pdf",
        EXECUTABLE,
        f"Tệp “bien-ban.pdf” là chương trình chạy được, {NOT_EVIDENCE}",
    ),
    "ELF named .png": Lie(
        "anh.png", "image/png", ELF, f"Tệp “anh.png” là chương trình chạy được, {NOT_EVIDENCE}"
    ),
    "ZIP named .xlsx": Lie(
        "so-lieu.xlsx",
        XLSX_MIMETYPE,
        PLAIN_ZIP,
        f"Tệp “so-lieu.xlsx” là tệp nén ZIP, {NOT_EVIDENCE}",
    ),
    "PDF named .docx": Lie(
        "giai-trinh.docx",
        DOCX_MIMETYPE,
        PDF,
        "Tệp “giai-trinh.docx” có đuôi .docx nhưng nội dung là tệp PDF: "
        "hãy đặt lại tên với đuôi .pdf hoặc gửi đúng tệp.",
    ),
    "DOCX named .exe": Lie(
        "setup.exe",
        "application/octet-stream",
        DOCX,
        "Tệp “setup.exe” có đuôi .exe nhưng nội dung là văn bản Word (DOCX): "
        "hãy đặt lại tên với đuôi .docx hoặc gửi đúng tệp.",
    ),
    "PDF declared as HTML": Lie(
        "bien-ban.pdf",
        "text/html",
        PDF,
        "Tệp “bien-ban.pdf” được gửi lên với kiểu text/html nhưng nội dung là tệp PDF.",
    ),
    "PNG declared as PDF": Lie(
        "anh.png",
        "application/pdf",
        PNG,
        "Tệp “anh.png” được gửi lên với kiểu application/pdf nhưng nội dung là ảnh PNG.",
    ),
}
IMPORT_LIES = {
    "HTML named .csv": Lie(
        "don-vi.csv",
        "text/csv",
        HTML,
        "Tệp “don-vi.csv” là trang web HTML, không phải bảng CSV, XLSX hoặc XLS.",
    ),
    "program named .csv": Lie(
        "don-vi.csv",
        "text/csv",
        EXECUTABLE,
        "Tệp “don-vi.csv” là chương trình chạy được, không phải bảng CSV, XLSX hoặc XLS.",
    ),
    "PDF named .xlsx": Lie(
        "don-vi.xlsx",
        XLSX_MIMETYPE,
        PDF,
        "Tệp “don-vi.xlsx” là tệp PDF, không phải bảng CSV, XLSX hoặc XLS.",
    ),
    "ZIP named .xlsx": Lie(
        "don-vi.xlsx",
        XLSX_MIMETYPE,
        PLAIN_ZIP,
        "Tệp “don-vi.xlsx” là tệp nén ZIP, không phải bảng CSV, XLSX hoặc XLS.",
    ),
    "DOCX named .xlsx": Lie(
        "don-vi.xlsx",
        XLSX_MIMETYPE,
        DOCX,
        "Tệp “don-vi.xlsx” là văn bản Word (DOCX), không phải bảng CSV, XLSX hoặc XLS.",
    ),
    "CSV named .xlsx": Lie(
        "don-vi.xlsx",
        XLSX_MIMETYPE,
        CSV,
        "Tệp “don-vi.xlsx” có đuôi .xlsx nhưng nội dung là văn bản thuần: "
        "hãy đặt lại tên với đuôi .csv hoặc gửi đúng tệp.",
    ),
    "XLSX named .csv": Lie(
        "don-vi.csv",
        "text/csv",
        xlsx(),
        "Tệp “don-vi.csv” có đuôi .csv nhưng nội dung là bảng tính Excel (XLSX): "
        "hãy đặt lại tên với đuôi .xlsx hoặc gửi đúng tệp.",
    ),
    "CSV declared as PDF": Lie(
        "don-vi.csv",
        "application/pdf",
        CSV,
        "Tệp “don-vi.csv” được gửi lên với kiểu application/pdf nhưng nội dung là văn bản thuần.",
    ),
}


@pytest.fixture
def kept(instance):
    """What a refused upload must leave as it was: the rows and the files of the instance."""

    def snapshot():
        counts = row_counts(Report, Evidence, ImportRun, Unit, TemplateVersion)
        return counts, files_under(instance)

    return snapshot


@pytest.mark.parametrize("lie", EVIDENCE_LIES.values(), ids=EVIDENCE_LIES.keys())
def test_lying_evidence_is_refused_by_the_api(client, issued, tokens, kept, lie):
    task = issued.task("ANBINH")
    before = kept()
    answer = post_multipart(
        client,
        f"/api/v1/tasks/{task.id}/reports",
        [("text", "Đã khắc phục."), ("percent", "100")],
        [("files", lie.name, lie.declared, lie.data)],
        tokens["anbinh"],
    )
    assert answer.status_code == 422
    assert answer.json == {
        "error": "Tệp minh chứng không hợp lệ; báo cáo chưa được gửi.",
        "details": [{"field": "files", "value": lie.name, "message": lie.message}],
    }
    assert kept() == before


@pytest.mark.parametrize("lie", EVIDENCE_LIES.values(), ids=EVIDENCE_LIES.keys())
def test_lying_evidence_is_refused_on_the_task_page(client, issued, login, kept, lie):
    task = issued.task("ANBINH")
    login("anbinh")
    token = csrf_of(client.get(f"/tasks/{task.id}"))
    before = kept()
    answer = post_multipart(
        client,
        f"/tasks/{task.id}/reports",
        [("csrf_token", token), ("text", "Đã khắc phục."), ("percent", "100")],
        [("files", lie.name, lie.declared, lie.data)],
    )
    assert answer.status_code == 422
    assert f"<li>{lie.message}</li>" in page_text(answer)
    assert kept() == before


def test_the_true_file_under_a_generic_type_is_accepted(client, issued, tokens, instance):
    task = issued.task("ANBINH")
    answer = post_multipart(
        client,
        f"/api/v1/tasks/{task.id}/reports",
        [("text", "Đã khắc phục."), ("percent", "100")],
        [("files", "bien-ban.pdf", "application/octet-stream", PDF)],
        tokens["anbinh"],
    )
    assert answer.status_code == 201
    assert [(e["file_name"], e["content_type"]) for e in answer.json["evidence"]] == [
        ("bien-ban.pdf", "application/pdf")
    ]
    assert len(files_under(instance / "evidence")) == 1


@pytest.mark.parametrize("lie", IMPORT_LIES.values(), ids=IMPORT_LIES.keys())
def test_a_lying_import_is_refused_by_the_api(client, issued, tokens, kept, lie):
    before = kept()
    answer = post_multipart(
        client,
        "/api/v1/imports",
        [("kind", "units")],
        [("file", lie.name, lie.declared, lie.data)],
        tokens["office"],
    )
    assert answer.status_code == 422
    assert answer.json == {
        "error": lie.message,
        "details": [{"field": "file", "message": lie.message}],
    }
    assert kept() == before


@pytest.mark.parametrize("lie", IMPORT_LIES.values(), ids=IMPORT_LIES.keys())
def test_a_lying_import_is_refused_on_the_page(client, issued, login, kept, lie):
    login("vanphong")
    token = csrf_of(client.get("/imports"))
    before = kept()
    answer = post_multipart(
        client,
        "/imports",
        [("csrf_token", token), ("kind", "units")],
        [("file", lie.name, lie.declared, lie.data)],
    )
    assert answer.status_code == 422
    assert f"<li>{lie.message}</li>" in page_text(answer)
    assert kept() == before


def test_the_true_import_file_is_accepted(client, issued, tokens):
    answer = post_multipart(
        client,
        "/api/v1/imports",
        [("kind", "units")],
        [("file", "don-vi.csv", "application/vnd.ms-excel", CSV)],
        tokens["office"],
    )
    assert answer.status_code == 201
    assert (answer.json["file_name"], answer.json["rows_added"]) == ("don-vi.csv", 1)


def template_files(**replaced) -> list[tuple]:
    """The built-in notice templates as the admin page's file fields, some replaced by
    (file name, declared type, bytes)."""
    fields = {
        "docx": ("template.docx", DOCX_MIMETYPE),
        "html": ("template.html", "text/html"),
        "css": ("style.css", "text/css"),
        "metadata": ("metadata.yaml", "application/x-yaml"),
    }
    files = []
    for field, (name, declared) in fields.items():
        sent = replaced.get(field) or (
            name,
            declared,
            (DOC_TEMPLATES / "notice" / name).read_bytes(),
        )
        files.append((field, *sent))
    return files


TEMPLATE_LIES = {
    "PDF as the Word template": TemplateLie(
        {"docx": ("mau.docx", DOCX_MIMETYPE, PDF)},
        "Tệp “mau.docx” là tệp PDF, không phải văn bản Word (DOCX).",
    ),
    "HTML as the Word template": TemplateLie(
        {"docx": ("mau.docx", DOCX_MIMETYPE, HTML)},
        "Tệp “mau.docx” là trang web HTML, không phải văn bản Word (DOCX).",
    ),
    "spreadsheet as the Word template": TemplateLie(
        {"docx": ("mau.docx", DOCX_MIMETYPE, xlsx())},
        "Tệp “mau.docx” là bảng tính Excel (XLSX), không phải văn bản Word (DOCX).",
    ),
    "program as the stylesheet": TemplateLie(
        {"css": ("style.css", "text/css", EXECUTABLE)},
        "Tệp “style.css” là chương trình chạy được, không phải văn bản thuần.",
    ),
    "Word file as the HTML template": TemplateLie(
        {"html": ("mau.html", "text/html", DOCX)},
        "Tệp “mau.html” là văn bản Word (DOCX), không phải trang web HTML.",
    ),
    "Word template declared as a PDF": TemplateLie(
        {"docx": ("mau.docx", "application/pdf", DOCX)},
        "Tệp “mau.docx” được gửi lên với kiểu application/pdf nhưng nội dung là văn bản Word (DOCX).",
    ),
}


@pytest.mark.parametrize("lie", TEMPLATE_LIES.values(), ids=TEMPLATE_LIES.keys())
def test_a_lying_template_file_is_refused(client, issued, login, kept, lie):
    login("quantri")
    token = csrf_of(client.get("/admin/templates"))
    before = kept()
    answer = post_multipart(
        client,
        "/admin/templates",
        [("csrf_token", token), ("kind", "notice")],
        template_files(**lie.replaced),
    )
    assert answer.status_code == 422
    assert f"<td>{lie.message}</td>" in page_text(answer)
    assert kept() == before


def test_the_true_template_files_are_accepted(client, issued, login, instance):
    login("quantri")
    token = csrf_of(client.get("/admin/templates"))
    answer = post_multipart(
        client, "/admin/templates", [("csrf_token", token), ("kind", "notice")], template_files()
    )
    assert (answer.status_code, answer.location) == (302, "/admin/templates")
    assert row_counts(TemplateVersion) == {"template_versions": 1}


VERIFY_LIES = {
    "HTML named .pdf": Lie(
        "cong-van.pdf",
        "application/pdf",
        HTML,
        "Tệp “cong-van.pdf” là trang web HTML, không phải tệp PDF: không kiểm tra được.",
    ),
    "program named .pdf": Lie(
        "cong-van.pdf",
        "application/pdf",
        EXECUTABLE,
        "Tệp “cong-van.pdf” là chương trình chạy được, không phải tệp PDF: không kiểm tra được.",
    ),
    "Word file named .pdf": Lie(
        "cong-van.pdf",
        "application/pdf",
        DOCX,
        "Tệp “cong-van.pdf” là tệp nén ZIP, không phải tệp PDF: không kiểm tra được.",
    ),
    "PDF named .docx": Lie(
        "cong-van.docx",
        DOCX_MIMETYPE,
        PDF,
        "Tệp “cong-van.docx” có đuôi .docx nhưng nội dung là tệp PDF: "
        "hãy đặt lại tên với đuôi .pdf hoặc gửi đúng tệp.",
    ),
}


@pytest.mark.parametrize("lie", VERIFY_LIES.values(), ids=VERIFY_LIES.keys())
def test_a_lying_file_is_refused_at_verify(client, instance, kept, lie):
    token = csrf_of(client.get("/verify"))
    before = kept()
    answer = post_multipart(
        client, "/verify", [("csrf_token", token)], [("file", lie.name, lie.declared, lie.data)]
    )
    assert answer.status_code == 422
    assert f'<p class="error" role="alert">{lie.message}</p>' in page_text(answer)
    assert 'data-testid="signature-report"' not in page_text(answer)
    assert kept() == before


def test_a_pdf_at_verify_is_checked_and_kept_nowhere(client, instance):
    token = csrf_of(client.get("/verify"))
    answer = post_multipart(
        client,
        "/verify",
        [("csrf_token", token)],
        [("file", "cong-van.pdf", "application/pdf", PDF)],
    )
    assert answer.status_code == 200
    assert 'data-status="unsigned"' in page_text(answer)
    assert files_under(instance) == set()
