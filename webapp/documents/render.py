"""Render a letter context to DOCX with docxtpl and to PDF with WeasyPrint, both sandboxed."""

from __future__ import annotations

import mimetypes
import re
import threading
from collections import OrderedDict
from functools import cache
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import yaml
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from flask import current_app
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from webapp.directives.models import LetterKind
from webapp.documents.models import TemplateVersion
from webapp.extensions import db

DOC_TEMPLATES = Path(__file__).resolve().parents[2] / "doc_templates"
BASE_STYLESHEET = DOC_TEMPLATES / "_base" / "style.css"
USER_AGENT_STYLESHEET = DOC_TEMPLATES / "_base" / "user_agent.css"
BUILTIN = "builtin"
# The element of the letter layout where the signature, and the digital mark, go.
SIGNATURE_ANCHOR = "signature-area"
PX_TO_PT = 0.75

# One font configuration for the whole process: the @font-face rules of the cached stylesheets
# are registered in it once.
FONT_CONFIG = FontConfiguration()
_LOCK = threading.Lock()
_STYLESHEETS: dict[Path, tuple[int, CSS]] = {}
_FILES: dict[Path, tuple[int, bytes]] = {}


class _MemoizedSandbox(SandboxedEnvironment):
    """A sandbox that compiles each template source once (docxtpl hands it the XML as a string)."""

    cache_limit = 32

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: OrderedDict[str, object] = OrderedDict()

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002
        """Return the compiled template of a source, compiling it on first use."""
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with _LOCK:
            template = self._compiled.get(source)
            if template is not None:
                self._compiled.move_to_end(source)
                return template
        template = super().from_string(source)
        with _LOCK:
            self._compiled[source] = template
            while len(self._compiled) > self.cache_limit:
                self._compiled.popitem(last=False)
        return template


_DOCX_ENV = _MemoizedSandbox(autoescape=True, undefined=StrictUndefined)


class LocalFetcher(URLFetcher):
    """Serve only files under the template folders; refuse every other address."""

    def __init__(self, *roots: Path):
        super().__init__()
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url, headers=None):
        """Return a local file under one of the roots, or raise ValueError."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"refused outside resource: {url[:200]}")
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_file() or not any(path.is_relative_to(root) for root in self.roots):
            raise ValueError(f"refused file outside the templates: {url[:200]}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=_read(path), headers={"Content-Type": kind})


def _read(path: Path) -> bytes:
    """Return a file's bytes, read again only when its modification time changes."""
    stamp = path.stat().st_mtime_ns
    cached = _FILES.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, path.read_bytes())
        _FILES[path] = cached
    return cached[1]


class LetterHTML(HTML):
    """An HTML letter styled by the letters' own user-agent stylesheet.

    WeasyPrint's full HTML5 defaults cost a fifth of a letter's rendering time in selector
    matching; a letter needs only those of its few elements (doc_templates/_base/user_agent.css).
    """

    def _ua_stylesheets(self, forms=False):
        return [_stylesheet(USER_AGENT_STYLESHEET, _fetcher(DOC_TEMPLATES))]


def builtin_folder(kind: str) -> Path:
    """Return doc_templates/<kind>, the built-in templates of a letter kind."""
    return DOC_TEMPLATES / LetterKind(kind).value


def builtin_version(kind: str) -> str:
    """Return the version named in the built-in metadata.yaml of a letter kind."""
    path = builtin_folder(kind) / "metadata.yaml"
    return str(yaml.safe_load(_read(path))["version"])


def template_folder(kind: str, version: str | None = None) -> Path:
    """Return the folder of a kind's templates: built-in, or the recorded uploaded version."""
    folder = builtin_folder(kind)
    if version in (None, "", BUILTIN):
        return folder

    recorded = db.session.scalars(
        db.select(TemplateVersion.folder).filter_by(kind=LetterKind(kind).value, version=version)
    ).first()
    if recorded:
        path = Path(recorded)
        return path if path.is_absolute() else Path(current_app.instance_path) / path
    if version == builtin_version(kind):
        return folder
    raise LookupError(f"no template version {version!r} for {kind}")


def render_docx(context: dict, kind: str, version: str | None = None) -> bytes:
    """Render the kind's template.docx with the context and return the DOCX bytes."""
    folder = template_folder(kind, version)
    template = DocxTemplate(BytesIO(_read(folder / "template.docx")))
    template.render(context, _DOCX_ENV, autoescape=True)
    _fit_columns(template.docx.element.body, context.get("table", {}).get("widths", []))
    template.docx.core_properties.title = context.get("subject", "")
    output = BytesIO()
    template.save(output)
    return _stable_zip(output.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Return the same package with fixed member dates, so equal letters give equal bytes."""
    output = BytesIO()
    with ZipFile(BytesIO(data)) as source, ZipFile(output, "w", ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = ZIP_DEFLATED
            target.writestr(info, source.read(member))
    return output.getvalue()


def _fit_columns(body, widths: list[str]) -> None:
    """Share an auto-fitted data table's width among its columns by the context's percentages."""
    for table in body.iter(qn("w:tbl")):
        layout = table.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")
        grid = table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
        if layout is None or layout.get(qn("w:type")) != "autofit" or len(grid) != len(widths):
            continue
        total = sum(int(column.get(qn("w:w"))) for column in grid)
        twips = [str(round(total * float(share) / 100)) for share in widths]
        for column, width in zip(grid, twips, strict=True):
            column.set(qn("w:w"), width)
        for row in table.iter(qn("w:tr")):
            for cell, width in zip(row.findall(qn("w:tc")), twips, strict=False):
                preferred = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                if preferred is not None:
                    preferred.set(qn("w:type"), "dxa")
                    preferred.set(qn("w:w"), width)


@cache
def _html_env(folder: Path) -> SandboxedEnvironment:
    loader = FileSystemLoader([str(folder), str(DOC_TEMPLATES)])
    return SandboxedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined)


@cache
def _fetcher(folder: Path) -> LocalFetcher:
    return LocalFetcher(DOC_TEMPLATES, folder)


def _stylesheet(path: Path, fetcher: LocalFetcher) -> CSS:
    """Return the parsed stylesheet, parsed again only when the file changes."""
    stamp = path.stat().st_mtime_ns
    with _LOCK:
        cached = _STYLESHEETS.get(path)
        if cached is None or cached[0] != stamp:
            sheet = CSS(
                string=_read(path).decode("utf-8"),
                base_url=path.as_uri(),
                url_fetcher=fetcher,
                font_config=FONT_CONFIG,
            )
            cached = (stamp, sheet)
            _STYLESHEETS[path] = cached
    return cached[1]


def render_html(context: dict, kind: str, version: str | None = None) -> str:
    """Render the kind's template.html with the context (autoescaped)."""
    folder = template_folder(kind, version)
    return _html_env(folder).get_template("template.html").render(context)


def render_pdf(context: dict, kind: str, version: str | None = None) -> bytes:
    """Render the kind's HTML template and stylesheets to PDF bytes, fetching nothing remote."""
    return render_pdf_with_anchor(context, kind, version)[0]


def render_pdf_with_anchor(
    context: dict, kind: str, version: str | None = None, anchor: str = SIGNATURE_ANCHOR
) -> tuple[bytes, tuple[int, tuple[float, float, float, float]] | None]:
    """Render to PDF and tell where an element with this id stands: (page from 0, (x1, y1, x2,
    y2)) in PDF points from the page's bottom-left corner; None without such an element."""
    folder = template_folder(kind, version)
    fetcher = _fetcher(folder)
    html = _html_env(folder).get_template("template.html").render(context)
    sheets = [_stylesheet(BASE_STYLESHEET, fetcher)]
    if (folder / "style.css").is_file():
        sheets.append(_stylesheet(folder / "style.css", fetcher))
    letter = LetterHTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher)
    document = letter.render(stylesheets=sheets, font_config=FONT_CONFIG, optimize_images=False)
    document.metadata.title = context.get("subject", "")
    document.metadata.generator = "Đôn Đốc"
    place = None
    for number, page in enumerate(document.pages):
        if anchor in page.anchors:
            # CSS pixels from the top-left; PDF points from the bottom-left.
            left, top, right, bottom = (value * PX_TO_PT for value in page.anchors[anchor])
            height = page.height * PX_TO_PT
            place = (number, (left, height - bottom, right, height - top))
    return document.write_pdf(finisher=_name_fonts, optimize_images=False), place


_SHIPPED_FONT = re.compile(rb"\+Times-New-Roman,(-Bold)?(-Italic)?$")


def _name_fonts(_document, pdf) -> None:
    """Name the embedded fonts by what they are (LiberationSerif), not by the CSS family."""
    for item in pdf.objects:
        if not isinstance(item, dict):
            continue
        for key in ("BaseFont", "FontName"):
            value = item.get(key)
            match = _SHIPPED_FONT.search(value) if isinstance(value, bytes) else None
            if match:
                style = b"".join(part[1:] for part in match.groups() if part)
                name = b"+LiberationSerif" + (b"-" + style if style else b"")
                item[key] = value[: match.start()] + name
