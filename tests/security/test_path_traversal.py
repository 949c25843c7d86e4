"""File names that climb out of a folder, are absolute, hold NUL or run very long, in every upload
and in every URL part that names a file: nothing is written or read outside the app's storage
folders, and the name kept is the file's own name."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.security.forging import PDF, csrf_of, files_under, post_multipart
from webapp.documents.models import TemplateVersion
from webapp.documents.render import DOC_TEMPLATES
from webapp.extensions import db
from webapp.imports.models import ImportRun
from webapp.reports.models import Evidence

CSV = "code,name,kind,parent_code\nPHUMY,UBND xã Phú Mỹ,commune,\n".encode()
LONG = "Biên bản kiểm tra " * 20  # 360 characters


def climbing_names(victim: Path, suffix: str) -> dict[str, str]:
    """Hostile names for a file, each with what the app should keep of it."""
    return {
        f"../../../../victim/len-tren{suffix}": f"len-tren{suffix}",
        f"..\\..\\..\\..\\victim\\windows{suffix}": f"windows{suffix}",
        f"{victim}/tuyet-doi{suffix}": f"tuyet-doi{suffix}",
        f"C:\\Windows\\System32\\o-dia{suffix}": f"o-dia{suffix}",
        f"....//....//victim/cham{suffix}": f"cham{suffix}",
        f"%2e%2e%2fvictim%2fma-hoa{suffix}": f"%2e%2e%2fvictim%2fma-hoa{suffix}",
        f".an{suffix}": f"an{suffix}",
        f"{LONG}{suffix}": f"{LONG[: 255 - len(suffix)].rstrip()}{suffix}",
    }


@pytest.fixture
def victim(tmp_path) -> Path:
    """A folder beside the instance that a climbing file name would reach."""
    folder = tmp_path / "srv" / "victim"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def outside(tmp_path, instance):
    """Return the files written under tmp_path but outside the instance folder."""
    before = files_under(tmp_path)

    def written() -> set[str]:
        inside = instance.relative_to(tmp_path).as_posix() + "/"
        return {path for path in files_under(tmp_path) - before if not path.startswith(inside)}

    return written


def test_evidence_names_are_kept_without_their_folders(
    client, issued, tokens, victim, instance, outside
):
    names = climbing_names(victim, ".pdf")
    task = issued.task("ANBINH")
    files = [("files", name, "application/pdf", PDF + name.encode()) for name in names]
    answer = post_multipart(
        client,
        f"/api/v1/tasks/{task.id}/reports",
        [("text", "Đã khắc phục."), ("percent", "100")],
        files,
        tokens["anbinh"],
    )
    assert answer.status_code == 201, answer.json
    assert [e["file_name"] for e in answer.json["evidence"]] == list(names.values())
    assert files_under(victim) == set() and outside() == set()
    stored = files_under(instance / "evidence")
    assert stored == {f"{e['sha256']}.pdf" for e in answer.json["evidence"]}


def test_an_evidence_download_offers_only_the_kept_name(client, issued, login, tokens, victim):
    task = issued.task("ANBINH")
    name = "..\\..\\..\\..\\victim\\bien-ban.pdf"
    post_multipart(
        client,
        f"/api/v1/tasks/{task.id}/reports",
        [("text", "Đã khắc phục."), ("percent", "100")],
        [("files", name, "application/pdf", PDF)],
        tokens["anbinh"],
    )
    evidence = db.session.scalars(select(Evidence)).one()
    login("anbinh")
    with client.get(f"/evidence/{evidence.id}") as download:
        assert download.status_code == 200
        assert download.headers["Content-Disposition"] == "attachment; filename=bien-ban.pdf"
        assert download.get_data() == PDF


@pytest.mark.parametrize("field", ["files", "text"])
def test_a_nul_in_an_evidence_name_or_field_is_refused_by_name(
    client, issued, tokens, instance, field
):
    task = issued.task("ANBINH")
    text = "Đã khắc phục.\x00" if field == "text" else "Đã khắc phục."
    name = "bien-ban\x00.pdf" if field == "files" else "bien-ban.pdf"
    answer = post_multipart(
        client,
        f"/api/v1/tasks/{task.id}/reports",
        [("text", text), ("percent", "100")],
        [("files", name, "application/pdf", PDF)],
        tokens["anbinh"],
    )
    assert answer.status_code == 400
    assert answer.json == {
        "error": "Dữ liệu gửi lên chứa ký tự NUL (mã 0), không được chấp nhận.",
        "details": [{"field": field, "message": "Bỏ ký tự NUL khỏi giá trị này."}],
    }
    assert files_under(instance) == set()


def test_import_names_are_kept_without_their_folders(
    client, issued, tokens, victim, instance, outside
):
    kept = []
    for name, own_name in climbing_names(victim, ".csv").items():
        answer = post_multipart(
            client,
            "/api/v1/imports",
            [("kind", "units")],
            [("file", name, "text/csv", CSV)],
            tokens["office"],
        )
        assert answer.status_code == 201, answer.json
        kept.append((answer.json["file_name"], own_name))
    assert [found for found, _ in kept] == [own for _, own in kept]
    assert files_under(victim) == set() and outside() == set()
    checksums = {run.checksum for run in db.session.scalars(select(ImportRun))}
    assert files_under(instance / "uploads" / "imports") == {f"{c}.bin" for c in checksums}


def test_a_nul_in_an_import_name_is_refused_by_name(client, issued, tokens, instance):
    answer = post_multipart(
        client,
        "/api/v1/imports",
        [("kind", "units")],
        [("file", "don-vi\x00.csv", "text/csv", CSV)],
        tokens["office"],
    )
    assert answer.status_code == 400
    assert answer.json["details"] == [
        {"field": "file", "message": "Bỏ ký tự NUL khỏi giá trị này."}
    ]
    assert db.session.scalars(select(ImportRun)).all() == []
    assert files_under(instance) == set()


def test_template_names_never_choose_where_templates_are_kept(
    client, issued, login, victim, instance, outside
):
    login("quantri")
    token = csrf_of(client.get("/admin/templates"))
    files = []
    for field, name in (("docx", "template.docx"), ("html", "template.html"), ("css", "style.css")):
        data = (DOC_TEMPLATES / "notice" / name).read_bytes()
        files.append((field, f"../../../../victim/{name}", "application/octet-stream", data))
    answer = post_multipart(
        client, "/admin/templates", [("csrf_token", token), ("kind", "notice")], files
    )
    assert (answer.status_code, answer.location) == (302, "/admin/templates")
    assert files_under(victim) == set() and outside() == set()
    (version,) = {Path(path).parts[1] for path in files_under(instance / "templates")}
    assert files_under(instance / "templates") == {
        f"notice/{version}/{name}"
        for name in ("template.docx", "template.html", "style.css", "metadata.yaml")
    }


def test_a_pdf_checked_at_verify_under_a_climbing_name_is_kept_nowhere(
    client, victim, instance, outside
):
    token = csrf_of(client.get("/verify"))
    for name in climbing_names(victim, ".pdf"):
        answer = post_multipart(
            client, "/verify", [("csrf_token", token)], [("file", name, "application/pdf", PDF)]
        )
        assert answer.status_code == 200
    assert files_under(victim) == set() and outside() == set() and files_under(instance) == set()


ASSET = "/directives/letter-assets"
CLIMBING_URLS = [
    f"{ASSET}/fonts/..%2F..%2Fpyproject.toml.ttf",
    f"{ASSET}/fonts/..%2f..%2fREADME.md%2f..%2fpyproject.toml.woff",
    f"{ASSET}/fonts/..%5C..%5Cpyproject.toml.ttf",
    f"{ASSET}/fonts/%2e%2e%2f%2e%2e%2fpyproject.toml.otf",
    f"{ASSET}/..%2F..%2F/style.css",
    f"{ASSET}/%2e%2e/style.css",
    f"{ASSET}/_base/..%2F..%2Fpyproject.toml",
    f"{ASSET}/notice/style.css?v=../../../../pyproject.toml",
    f"{ASSET}/notice/style.css?v=%2Fetc",
    f"{ASSET}/notice/style.css?v=..%5C..%5C..",
    "/static/..%2F..%2Fpyproject.toml",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/css/..%2F..%2F..%2Fwebapp%2Fconfig.py",
    "/directives/1/document.pdf%2F..%2F..%2Fpyproject.toml",
    "/evidence/..%2F..%2Fpyproject.toml",
    "/imports/..%2F1",
    "/units/..%2F..%2Fpyproject.toml",
    "/api/v1/units/..%2F..%2Fpyproject.toml",
]


@pytest.mark.parametrize("url", CLIMBING_URLS)
def test_url_parts_naming_files_never_reach_outside_their_folder(client, issued, login, url):
    login("vanphong")
    with client.get(url) as answer:
        body = answer.get_data()
    assert answer.status_code == 404
    for secret in ("[tool.ruff]", "SECRET_KEY", "# Đôn Đốc"):
        assert secret.encode() not in body


def test_a_template_version_that_climbs_is_not_activated(client, issued, login):
    login("quantri")
    token = csrf_of(client.get("/admin/templates"))
    answer = client.post(
        "/admin/templates/notice/%2e%2e/activate",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert "Không có phiên bản mẫu .. cho loại công văn này." in answer.text
    assert db.session.scalars(select(TemplateVersion)).all() == []
