"""Upload a new version of a letter kind's templates, checked before it is accepted."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from docxtpl import DocxTemplate
from flask import current_app
from jinja2 import (
    ChoiceLoader,
    DictLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    meta,
)
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage

from webapp.audit.operations import record_event
from webapp.auth.models import Role, User
from webapp.directives.models import Assignment, Directive, LetterKind
from webapp.documents.context import context_variables, letter_context
from webapp.documents.models import TemplateVersion
from webapp.documents.render import DOC_TEMPLATES, builtin_version, template_folder
from webapp.extensions import db
from webapp.files import (
    HEAD_BYTES,
    clean_file_name,
    content_kind,
    disagreement,
    kind_label,
    read_archive,
)
from webapp.signers.models import IssuingBody, Signer
from workflows.errors import InvalidInput, PermissionDenied

TEMPLATE_FILES = ("template.docx", "template.html", "style.css", "metadata.yaml")
REQUIRED_FILES = ("template.docx", "template.html")
MAX_FILE_BYTES = 10 * 1024 * 1024
# python-docx holds every part of a DOCX in memory: a template may unpack to this much at most.
MAX_UNPACKED_BYTES = 5 * MAX_FILE_BYTES
# What each file of a template set must be by its content, and the names it may be sent under.
CONTENT_KINDS = {
    "template.docx": (("docx",), (".docx",)),
    "template.html": (("html", "text"), (".html", ".htm")),
    "style.css": (("text",), (".css",)),
    "metadata.yaml": (("text",), (".yaml", ".yml")),
}
VERSION_LENGTH = 12


@dataclass(frozen=True)
class KindVersions:
    """One letter kind with its uploaded versions (newest first, with uploader names)."""

    kind: LetterKind
    builtin: str
    versions: list[tuple[TemplateVersion, str]]

    @property
    def active(self) -> str:
        """Return the version in use."""
        return next((row.version for row, _ in self.versions if row.active), self.builtin)


def templates_root() -> Path:
    """Return the folder of uploaded template versions, under the instance folder."""
    folder = Path(current_app.instance_path, "templates")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def active_version(kind: str) -> str:
    """Return the version new letters of this kind are rendered with."""
    stmt = select(TemplateVersion.version).where(
        TemplateVersion.kind == str(kind), TemplateVersion.active.is_(True)
    )
    return db.session.scalar(stmt) or builtin_version(str(kind))


def versions_by_kind() -> list[KindVersions]:
    """Return every letter kind with its uploaded template versions."""
    stmt = (
        select(TemplateVersion, User.display_name)
        .outerjoin(User, User.id == TemplateVersion.uploaded_by_id)
        .order_by(TemplateVersion.uploaded_at.desc(), TemplateVersion.id.desc())
    )
    rows = db.session.execute(stmt).all()
    return [
        KindVersions(
            kind,
            builtin_version(kind.value),
            [(row, name or "") for row, name in rows if row.kind == kind.value],
        )
        for kind in LetterKind
    ]


def allowed_variables(kind: str) -> set[str]:
    """Return the names a template of this kind may use: the letter's data."""
    return set(context_variables(kind))


def upload_template_version(
    actor: User, kind: str, files: dict[str, FileStorage]
) -> TemplateVersion:
    """Check a kind's uploaded templates, keep them as a new version and make it the active one."""
    _check_actor_and_kind(actor, kind)
    contents, problems = _read_files(files)
    refused = {problem["file"] for problem in problems}
    problems += [p for p in check_templates(kind, contents) if p["file"] not in refused]
    if problems:
        raise InvalidInput(f"Mẫu công văn không hợp lệ ({len(problems)} lỗi).", problems)
    contents = _completed(kind, contents)
    version = _version_of(contents)
    existing = db.session.scalar(
        select(TemplateVersion).where(
            TemplateVersion.kind == kind, TemplateVersion.version == version
        )
    )
    folder = _store_files(kind, version, contents)
    record = existing or TemplateVersion(
        kind=kind, version=version, folder=str(folder), uploaded_by_id=actor.id
    )
    db.session.add(record)
    _make_active(kind, record)
    record_event(
        actor,
        "template_version",
        f"{kind}/{version}",
        "uploaded",
        after={"files": sorted(contents)},
    )
    db.session.flush()
    return record


def activate_template_version(actor: User, kind: str, version: str) -> str:
    """Make one stored version (or the built-in one) the version new letters use."""
    _check_actor_and_kind(actor, kind)
    record = db.session.scalar(
        select(TemplateVersion).where(
            TemplateVersion.kind == kind, TemplateVersion.version == version
        )
    )
    if record is None and version != builtin_version(kind):
        raise InvalidInput(f"Không có phiên bản mẫu {version} cho loại công văn này.")
    _make_active(kind, record)
    record_event(actor, "template_version", f"{kind}/{version}", "activated")
    db.session.flush()
    return version


def _check_actor_and_kind(actor: User, kind: str) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Chỉ quản trị hệ thống được quản lý mẫu công văn.")
    if kind not in {k.value for k in LetterKind}:
        raise InvalidInput(
            f"Loại công văn {kind!r} không tồn tại.", [{"field": "kind", "message": "Sai loại."}]
        )


def _make_active(kind: str, record: TemplateVersion | None) -> None:
    # Letters signed earlier keep the version frozen on them; only new renders follow this.
    db.session.execute(
        update(TemplateVersion).where(TemplateVersion.kind == kind).values(active=False)
    )
    if record is not None:
        record.active = True


def check_templates(kind: str, contents: dict[str, bytes]) -> list[dict]:
    """Return every problem of a set of template files (empty when they can be used)."""
    problems = [
        {"file": name, "message": "Thiếu tệp bắt buộc."}
        for name in REQUIRED_FILES
        if name not in contents
    ]
    allowed = allowed_variables(kind)
    checks = {
        "template.docx": _docx_variables,
        "template.html": _html_variables,
        "style.css": _checked_text,
        "metadata.yaml": _checked_metadata,
    }
    for name, data in contents.items():
        try:
            unknown = checks[name](data) - allowed
            if not unknown and name in TRIALS:
                TRIALS[name](data, sample_context(kind))
        except _Unusable as unusable:
            problems.append({"file": name, "message": str(unusable)})
            continue
        problems.extend(
            {"file": name, "message": f"Biến {{{{ {variable} }}}} không có trong dữ liệu công văn."}
            for variable in sorted(unknown)
        )
    return problems


def sample_context(kind: str) -> dict:
    """Return the context of a made-up letter of this kind, to try a template on."""
    directive = Directive(
        kind=LetterKind(kind),
        issuing_body=IssuingBody(
            name="ỦY BAN NHÂN DÂN THÀNH PHỐ", parent_name="", place="Biên Hòa", symbol="UBND-VP"
        ),
        signer=Signer(full_name="Nguyễn Văn An", title="CHỦ TỊCH", authority=""),
        period="2024-01",
        subject="kết quả giải quyết hồ sơ thủ tục hành chính tháng 01/2024",
        addressees=["Phòng Nội vụ thành phố", "UBND các phường, xã"],
        opening=["Căn cứ kết quả giải quyết hồ sơ thủ tục hành chính tháng 01/2024."],
        table={"columns": ["STT", "Đơn vị"], "rows": [["1", "UBND phường An Bình"]]},
        lead_in="Chủ tịch UBND thành phố chỉ đạo như sau:",
        assignments=[
            Assignment(
                position=1,
                heading="Giao Phòng Nội vụ thành phố",
                text="Theo dõi việc khắc phục của các đơn vị.",
                sub_items=["Tổng hợp kết quả hằng tháng."],
                deadline=date(2024, 2, 15),
            )
        ],
        closing=["Đề nghị các đơn vị nghiêm túc thực hiện."],
        recipients=["Chủ tịch, các PCT UBND thành phố"],
        drafting_unit="VP",
        number=1,
        symbol="UBND-VP",
        letter_date=date(2024, 2, 1),
    )
    return letter_context(directive)


def _strict_sandbox(**options) -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, **options)


class _Unusable(Exception):
    """A template file cannot be read, parsed or rendered."""


@contextmanager
def _reading(what: str) -> Iterator[None]:
    try:
        yield
    except TemplateSyntaxError as error:
        raise _Unusable(f"Lỗi cú pháp mẫu ở dòng {error.lineno}: {error.message}") from error
    except TemplateError as error:
        raise _Unusable(f"Lỗi mẫu: {error}") from error
    except Exception as error:
        raise _Unusable(f"{what}: {error}") from error


def _docx_variables(data: bytes) -> set[str]:
    with _reading("Không đọc được tệp Word (DOCX)"):
        template = DocxTemplate(io.BytesIO(data))
        return set(template.get_undeclared_template_variables(_strict_sandbox()))


def _html_variables(data: bytes) -> set[str]:
    source = _decoded(data)
    with _reading("Không đọc được mẫu HTML"):
        return meta.find_undeclared_variables(_strict_sandbox().parse(source))


def _try_docx(data: bytes, context: dict) -> None:
    with _reading("Không tạo được công văn thử từ mẫu Word"):
        DocxTemplate(io.BytesIO(data)).render(context, _strict_sandbox(), autoescape=True)


def _try_html(data: bytes, context: dict) -> None:

    # The built-in layouts stay reachable, as when letters are rendered ({% extends "_base/…" %}).
    loader = ChoiceLoader(
        [DictLoader({"template.html": _decoded(data)}), FileSystemLoader(str(DOC_TEMPLATES))]
    )
    with _reading("Không tạo được công văn thử từ mẫu HTML"):
        _strict_sandbox(loader=loader).get_template("template.html").render(context)


TRIALS = {"template.docx": _try_docx, "template.html": _try_html}


def _checked_text(data: bytes) -> set[str]:
    _decoded(data)
    return set()


def _checked_metadata(data: bytes) -> set[str]:
    try:
        loaded = yaml.safe_load(_decoded(data))
    except yaml.YAMLError as error:
        raise _Unusable(f"Không đọc được YAML: {error}") from error
    if loaded is not None and not isinstance(loaded, dict):
        raise _Unusable("Tệp metadata.yaml phải là một bảng khóa: giá trị.")
    return set()


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unusable("Tệp phải được lưu bằng mã UTF-8.") from error


def _read_files(files: dict[str, FileStorage | None]) -> tuple[dict[str, bytes], list[dict]]:
    contents, problems = {}, []
    for name, file in files.items():
        if file is None or not file.filename:
            continue
        if name not in TEMPLATE_FILES:
            problems.append({"file": name, "message": "Tệp không thuộc bộ mẫu công văn."})
            continue
        data = file.stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            problems.append(
                {"file": name, "message": f"Tệp vượt giới hạn {MAX_FILE_BYTES // 2**20} MB."}
            )
            continue
        if problem := _content_problem(name, clean_file_name(file.filename), file.mimetype, data):
            problems.append({"file": name, "message": problem})
            continue
        contents[name] = data
    return contents, problems


def _content_problem(name: str, sent_as: str, declared: str, data: bytes) -> str | None:
    """Say why an uploaded file cannot be the template file `name` (a zip bomb, another kind of
    file than its name says), naming the file as it was sent; None when it can be."""
    kind = content_kind(data[:HEAD_BYTES])
    if kind == "zip":
        archive = read_archive(data)
        if archive is None:
            return f"Tệp “{sent_as}” là tệp nén hỏng, không mở được."
        if problem := archive.unpack_problem(sent_as, MAX_UNPACKED_BYTES):
            return problem
        kind = archive.office_kind
    kinds, suffixes = CONTENT_KINDS[name]
    if kind not in kinds:
        return f"Tệp “{sent_as}” là {kind_label(kind)}, không phải {kind_label(kinds[0])}."
    return disagreement(sent_as, declared, kind, suffixes)


def _completed(kind: str, contents: dict[str, bytes]) -> dict[str, bytes]:
    """Take the files not uploaded (stylesheet, metadata) from the version in use."""
    current = template_folder(kind, active_version(kind))
    completed = dict(contents)
    for name in TEMPLATE_FILES:
        if name not in completed and (current / name).exists():
            completed[name] = (current / name).read_bytes()
    return completed


def _version_of(contents: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(contents):
        digest.update(name.encode() + b"\0" + hashlib.sha256(contents[name]).digest())
    return digest.hexdigest()[:VERSION_LENGTH]


def _store_files(kind: str, version: str, contents: dict[str, bytes]) -> Path:
    # The folder is named by the files' hash: an existing one already holds these files.
    folder = templates_root() / kind / version
    if folder.exists():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{version}-"))
    try:
        for name, data in contents.items():
            (staging / name).write_bytes(data)
        try:
            os.replace(staging, folder)
        except OSError:
            # Another upload of the same files got there first.
            if not folder.exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
