"""Jinja, XML and control characters in every text that reaches a letter (what the office types in
the editor or through the API, unit names, the signer, the issuing body, the apology a unit asks
for) come out literally: the DOCX stays valid XML, the PDF shows the text as typed."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from xml.etree import ElementTree
from zipfile import ZipFile

import pytest
from flask import current_app
from pypdf import PdfReader
from sqlalchemy import select

from tests.security.forging import csrf_of
from tests.webapp.directives.test_pages import editor_data
from tests.webapp.documents.letters import docx_lines, need, pdf_text
from webapp.directives.models import Directive
from webapp.documents.context import letter_context
from webapp.extensions import db
from webapp.reports.models import Evidence
from webapp.signers.models import IssuingBody, Signer

JINJA = "{{ 7*191 }} {% for i in range(3) %}lặp{% endfor %} {{ config.SECRET_KEY }} {# ghi #}"
XML = "<w:p><w:r><w:t>chèn</w:t></w:r></w:p> ]]> <![CDATA[x]]> &amp; & <b>đậm</b> \"k\" 'đ'"
CONTROL = "trước\x01\x02\x0b\x0c\x1b\x7fsau"
PRINTED_CONTROL = "trướcsau"
# Survives the capitals of the issuer's name and the signer's title.
CAPITALS = "{{ 7*191 }} <W:P/> & ]]>"
XML_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def squeezed(text: str) -> str:
    return "".join(text.split())


def pdf_words(pdf: bytes) -> str:
    return squeezed("".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))


def assert_valid_docx(docx: bytes) -> str:
    """Check every XML part of a DOCX parses and holds no control character; return its text."""
    with ZipFile(BytesIO(docx)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                part = package.read(name).decode("utf-8")
                ElementTree.fromstring(part)
                assert not XML_CONTROL.search(part), name
    return "\n".join(docx_lines(docx))


def assert_literal(text: str, fragments) -> None:
    for fragment in fragments:
        assert squeezed(fragment) in squeezed(text), fragment
    assert "1337" not in text and "lặplặp" not in squeezed(text)
    assert "<Config" not in text and current_app.config["SECRET_KEY"] not in text


@pytest.fixture
def hostile_city(client, issued, login):
    """A department and a ward renamed through the admin's form, the chairman and the city's
    issuing body holding markup in their stored names."""
    login("quantri")
    for code, name, kind in (
        ("NV", f"Phòng {JINJA}", "department"),
        ("ANBINH", f"UBND phường {XML}", "ward"),
    ):
        token = csrf_of(client.get(f"/admin/units/{code}/edit"))
        answer = client.post(
            f"/admin/units/{code}/edit",
            data={"csrf_token": token, "name": name, "kind": kind, "parent_code": ""},
        )
        assert answer.status_code == 302
    chairman = db.session.scalars(select(Signer).where(Signer.title == "CHỦ TỊCH")).one()
    chairman.full_name, chairman.title = f"Trần {XML}"[:120], CAPITALS
    body = db.session.scalars(select(IssuingBody)).one()
    body.name, body.place = f"ỦY BAN NHÂN DÂN {CAPITALS}", f"Biên {JINJA}"
    db.session.commit()
    return chairman


def draft(client, tokens, kind: str = "directive") -> dict:
    answer = client.post(
        "/api/v1/directives", json={"period": "2024-01", "kind": kind}, headers=tokens["office"]
    )
    assert answer.status_code == 201, answer.json
    return answer.json


def documents(client, tokens, letter_id: int) -> tuple[bytes, bytes]:
    files = []
    for fmt in ("docx", "pdf"):
        path = f"/api/v1/directives/{letter_id}/document.{fmt}"
        answer = client.get(path, headers=tokens["office"])
        assert answer.status_code == 200
        files.append(answer.get_data())
    return files[0], files[1]


def test_text_typed_through_the_api_prints_literally(client, tokens, hostile_city):
    drafted = draft(client, tokens)
    first = drafted["assignments"][0]
    changes = {
        "subject": f"{JINJA} {XML}",
        "addressees": [XML, JINJA, CONTROL],
        "opening": [JINJA, XML],
        "lead_in": XML,
        "closing": [f"{CONTROL} {JINJA}"],
        "recipients": [XML],
        "signer_id": hostile_city.id,
        "assignments": [
            {
                "heading": JINJA,
                "text": XML,
                "sub_items": [JINJA, XML, CONTROL],
                "lead_unit_codes": first["lead_unit_codes"],
            }
        ],
    }
    path = f"/api/v1/directives/{drafted['id']}"
    patched = client.patch(path, json=changes, headers=tokens["office"])
    assert patched.status_code == 200, patched.json
    docx, pdf = documents(client, tokens, drafted["id"])
    text = assert_valid_docx(docx)
    fragments = (JINJA, XML, PRINTED_CONTROL, CAPITALS, f"Trần {XML}"[:120], f"Biên {JINJA}")
    assert_literal(text, fragments)
    assert_literal(pdf_words(pdf), fragments)
    context = letter_context(db.session.get(Directive, drafted["id"]))
    assert squeezed("".join(docx_lines(docx))) == squeezed("".join(context["content_lines"]))


def test_text_typed_in_the_editor_prints_literally(client, tokens, login, hostile_city):
    drafted = db.session.get(Directive, draft(client, tokens)["id"])
    login("vanphong")
    token = csrf_of(client.get(f"/directives/{drafted.id}/edit"))
    data = editor_data(
        drafted,
        subject=JINJA,
        opening=f"{XML}\n\n{JINJA}",
        closing=CONTROL,
        **{"assignments-0-text": XML, "assignments-0-sub_items": f"{JINJA}\n{XML}"},
    )
    answer = client.post(f"/directives/{drafted.id}/edit", data={**data, "csrf_token": token})
    assert (answer.status_code, answer.location) == (302, f"/directives/{drafted.id}/edit")
    docx, pdf = documents(client, tokens, drafted.id)
    fragments = (JINJA, XML, PRINTED_CONTROL, f"Phòng {JINJA}")
    assert_literal(assert_valid_docx(docx), fragments)
    assert_literal(pdf_words(pdf), fragments)
    shown = client.get(f"/directives/{drafted.id}/preview")
    # The letter's own page runs no script at all: nothing but styles, fonts and images load.
    policy = dict(
        part.split(None, 1) for part in shown.headers["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == "'none'" and "script-src" not in policy
    preview = shown.get_data(as_text=True)
    assert "{{ 7*191 }}" in preview and "1337" not in preview
    assert "&lt;w:p&gt;&lt;w:r&gt;&lt;w:t&gt;chèn" in preview and "<w:p>" not in preview


def test_unit_names_print_literally_in_the_notice_table(client, tokens, hostile_city):
    notice = draft(client, tokens, "notice")
    docx, pdf = documents(client, tokens, notice["id"])
    fragments = (f"UBND phường {XML}", CAPITALS)
    assert_literal(assert_valid_docx(docx), fragments)
    assert_literal(pdf_words(pdf), fragments)


def test_libreoffice_opens_the_hostile_docx_and_prints_it_literally(
    client, tokens, hostile_city, tmp_path
):
    soffice = need("soffice")
    drafted = draft(client, tokens)
    patched = client.patch(
        f"/api/v1/directives/{drafted['id']}",
        json={"subject": f"{JINJA} {XML}", "opening": [CONTROL]},
        headers=tokens["office"],
    )
    assert patched.status_code == 200
    source = tmp_path / "hostile.docx"
    source.write_bytes(documents(client, tokens, drafted["id"])[0])
    profile = (tmp_path / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    converted = (tmp_path / "out" / "hostile.pdf").read_bytes()
    assert_literal(pdf_text(converted, tmp_path), (JINJA, XML, PRINTED_CONTROL))


def test_an_apology_letter_prints_what_the_unit_typed_literally(
    client, issued, login, hostile_city
):
    task = issued.task("ANBINH")
    login("anbinh")
    token = csrf_of(client.get(f"/tasks/{task.id}"))
    answer = client.post(
        f"/tasks/{task.id}/reports",
        data={
            "csrf_token": token,
            "text": "Đã xin lỗi người dân.",
            "percent": "100",
            "with_apology": "y",
            "citizen_title": "Bà",
            "citizen_name": f"Nguyễn {JINJA}",
            "procedure": XML,
            "received_on": "2024-01-02",
            "due_on": "2024-01-05",
            "returned_on": "2024-01-09",
            "reason": CONTROL,
            "signer_name": f"Lê {XML}",
            "signer_title": CAPITALS,
        },
    )
    assert (answer.status_code, answer.location) == (302, f"/tasks/{task.id}")
    letter = db.session.scalars(select(Evidence).where(Evidence.generated.is_(True))).one()
    with client.get(f"/evidence/{letter.id}") as download:
        pdf = download.get_data()
    assert download.mimetype == "application/pdf"
    assert_literal(
        pdf_words(pdf),
        (f"Nguyễn {JINJA}", XML, PRINTED_CONTROL, f"Lê {XML}", CAPITALS, f"UBND phường {XML}"),
    )
