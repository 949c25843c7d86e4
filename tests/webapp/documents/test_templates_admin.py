"""Uploading letter templates: checked before they are accepted, then used for new letters only."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from webapp.documents.models import TemplateVersion
from webapp.extensions import db
from workflows.errors import InvalidInput, PermissionDenied

render = pytest.importorskip("webapp.documents.render")
pytest.importorskip("webapp.documents.context")

from webapp.documents.templates_admin import (  # noqa: E402
    activate_template_version,
    active_version,
    upload_template_version,
)

BUILTIN = Path(render.DOC_TEMPLATES)


@pytest.fixture(autouse=True)
def templates_folder(tmp_path, monkeypatch):
    """Keep this test's uploaded templates in a temporary folder."""
    folder = tmp_path / "templates"
    folder.mkdir()
    monkeypatch.setattr("webapp.documents.templates_admin.templates_root", lambda: folder)
    return folder


@pytest.fixture
def admin(make_user):
    return make_user("admin", username="quantri-mau")


def builtin_bytes(kind: str, name: str) -> bytes:
    return (BUILTIN / kind / name).read_bytes()


def uploads(kind: str = "notice", **replaced: bytes) -> dict[str, FileStorage]:
    """Return a copy of a kind's built-in files as uploads, some replaced by name."""
    files = {}
    for name in ("template.docx", "template.html", "style.css", "metadata.yaml"):
        data = replaced.get(name.replace(".", "_"), builtin_bytes(kind, name))
        files[name] = FileStorage(BytesIO(data), filename=name)
    return files


def docx_with(text: str, kind: str = "notice") -> bytes:
    """Return the built-in DOCX of a kind with one more paragraph."""
    document = Document(BytesIO(builtin_bytes(kind, "template.docx")))
    document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_copy_of_the_builtin_templates_is_accepted_and_made_active(admin, templates_folder):
    version = upload_template_version(admin, "notice", uploads("notice"))

    assert version.active
    assert version.version != render.builtin_version("notice")
    assert Path(version.folder) == templates_folder / "notice" / version.version
    for name in ("template.docx", "template.html", "style.css", "metadata.yaml"):
        assert (Path(version.folder) / name).read_bytes() == builtin_bytes("notice", name)
    assert active_version("notice") == version.version
    assert active_version("reminder") == render.builtin_version("reminder")
    assert render.template_folder("notice", version.version) == Path(version.folder)


def test_a_new_version_renders_new_letters_and_leaves_the_frozen_one(admin):
    from webapp.documents.templates_admin import sample_context

    marked = docx_with("Bản mẫu sửa đổi {{ subject }}")
    version = upload_template_version(admin, "notice", uploads("notice", template_docx=marked))
    context = sample_context("notice")

    newer = render.render_docx(context, "notice", version.version)
    frozen = render.render_docx(context, "notice", render.builtin_version("notice"))

    assert "Bản mẫu sửa đổi" in _docx_text(newer)
    assert "Bản mẫu sửa đổi" not in _docx_text(frozen)
    assert render.render_pdf(context, "notice", version.version).startswith(b"%PDF")


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)


def test_uploading_the_same_files_again_keeps_one_version(admin):
    first = upload_template_version(admin, "notice", uploads("notice"))
    activate_template_version(admin, "notice", render.builtin_version("notice"))
    assert active_version("notice") == render.builtin_version("notice")

    again = upload_template_version(admin, "notice", uploads("notice"))

    assert again.id == first.id and again.active
    rows = db.session.scalars(select(TemplateVersion).where(TemplateVersion.kind == "notice"))
    assert len(list(rows)) == 1


def test_missing_stylesheet_and_metadata_come_from_the_version_in_use(admin):
    files = uploads("reminder")
    del files["style.css"], files["metadata.yaml"]

    version = upload_template_version(admin, "reminder", files)

    assert (Path(version.folder) / "style.css").read_bytes() == builtin_bytes(
        "reminder", "style.css"
    )


def test_a_docx_with_an_unknown_variable_is_rejected(admin, templates_folder):
    files = uploads("notice", template_docx=docx_with("Kính gửi {{ bogus }}"))

    with pytest.raises(InvalidInput) as refused:
        upload_template_version(admin, "notice", files)

    assert refused.value.details == [
        {"file": "template.docx", "message": "Biến {{ bogus }} không có trong dữ liệu công văn."}
    ]
    assert not any(templates_folder.iterdir())
    assert db.session.scalar(select(TemplateVersion)) is None


def test_a_broken_html_template_is_rejected_with_its_line(admin):
    files = uploads("notice", template_html=b"<p>{{ subject }}</p>\n{% if %}\n")

    with pytest.raises(InvalidInput) as refused:
        upload_template_version(admin, "notice", files)

    [problem] = refused.value.details
    assert problem["file"] == "template.html"
    assert problem["message"].startswith("Lỗi cú pháp mẫu ở dòng 2")


def test_every_problem_is_listed_at_once(admin):
    files = uploads(
        "notice",
        template_docx=b"not a word file",
        template_html=b"{% extends '_base/letter.html' %}{% block table %}{{ table.bogus }}"
        b"{% endblock %}",
        metadata_yaml=b"- a list\n",
    )

    with pytest.raises(InvalidInput) as refused:
        upload_template_version(admin, "notice", files)

    by_file = {problem["file"]: problem["message"] for problem in refused.value.details}
    assert set(by_file) == {"template.docx", "template.html", "metadata.yaml"}
    assert by_file["template.docx"] == (
        "Tệp “template.docx” là văn bản thuần, không phải văn bản Word (DOCX)."
    )
    assert "bogus" in by_file["template.html"]


def test_only_an_admin_uploads_templates(make_user):
    with pytest.raises(PermissionDenied):
        upload_template_version(make_user("office"), "notice", uploads("notice"))


@pytest.fixture
def admin_logged_in(auth, admin):
    db.session.commit()
    assert auth.login(admin.username).status_code == 302
    return admin


def form_data(auth, kind: str = "notice", **replaced: bytes) -> dict:
    data = {"csrf_token": auth.csrf_token("/admin/templates"), "kind": kind}
    fields = {"template.docx": "docx", "template.html": "html", "style.css": "css"}
    for name, field in fields.items():
        content = replaced.get(field, builtin_bytes(kind, name))
        data[field] = (BytesIO(content), name)
    return data


def test_admin_page_lists_every_kind_and_uploads(client, auth, admin_logged_in):
    page = client.get("/admin/templates")
    assert page.status_code == 200
    assert 'data-testid="template-kind-notice"' in page.text
    assert "Mẫu gốc" in page.text

    answer = client.post(
        "/admin/templates", data=form_data(auth), content_type="multipart/form-data"
    )

    assert answer.status_code == 302
    version = db.session.scalar(select(TemplateVersion).where(TemplateVersion.kind == "notice"))
    listing = client.get("/admin/templates").text
    assert version.version in listing
    assert "Đang dùng" in listing


def test_admin_page_shows_each_problem_in_a_table(client, auth, admin_logged_in):
    data = form_data(auth, docx=docx_with("{{ bogus }}"), html=b"{% if %}")

    answer = client.post("/admin/templates", data=data, content_type="multipart/form-data")

    assert answer.status_code == 422
    assert 'data-testid="template-errors"' in answer.text
    assert "Biến {{ bogus }} không có trong dữ liệu công văn." in answer.text
    assert "template.html" in answer.text
    assert db.session.scalar(select(TemplateVersion)) is None


def test_admin_page_without_csrf_token_is_refused(client, admin_logged_in):
    data = {"kind": "notice", "docx": (BytesIO(builtin_bytes("notice", "template.docx")), "a.docx")}

    answer = client.post("/admin/templates", data=data, content_type="multipart/form-data")

    assert answer.status_code == 400
    assert db.session.scalar(select(TemplateVersion)) is None


def test_admin_page_is_forbidden_to_other_roles(client, auth, make_user):
    make_user("office", username="vanphong-mau")
    db.session.commit()
    auth.login("vanphong-mau")

    assert client.get("/admin/templates").status_code == 403
    token = auth.csrf_token("/account")
    assert client.post("/admin/templates", data={"csrf_token": token}).status_code == 403


def test_admin_page_asks_for_login(client):
    answer = client.get("/admin/templates")
    assert answer.status_code == 302
    assert "/login" in answer.headers["Location"]


def test_admin_switches_back_to_the_builtin_version(client, auth, admin_logged_in):
    version = upload_template_version(admin_logged_in, "notice", uploads("notice"))
    db.session.commit()
    builtin = render.builtin_version("notice")

    answer = client.post(
        f"/admin/templates/notice/{builtin}/activate",
        data={"csrf_token": auth.csrf_token("/admin/templates")},
    )

    assert answer.status_code == 302
    db.session.expire_all()
    assert active_version("notice") == builtin
    assert not db.session.get(TemplateVersion, version.id).active
