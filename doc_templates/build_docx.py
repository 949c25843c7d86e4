"""Build every letter kind's template.docx and metadata.yaml; run again after changing the layout.

Usage: .venv/bin/python doc_templates/build_docx.py

The DOCX follows Nghị định 30/2020/NĐ-CP, Phụ lục I (công văn): A4, margins 20/20/30/15 mm,
Times New Roman, the two-column header, Số and trích yếu left with the place and date right,
Kính gửi, the justified body, Nơi nhận beside the signer, page numbers from page 2.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from jinja2 import Environment, meta

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from webapp.directives.models import LETTER_KIND_LABELS, LetterKind  # noqa: E402
from workflows.letters.annex import ANNEX_WIDTHS  # noqa: E402

FONT = "Times New Roman"
TEXT_WIDTH = 16.5  # cm: 210 mm less 30 mm and 15 mm
HEADER_COLUMNS = (7.0, 9.5)
SIGN_COLUMNS = (7.3, 9.2)
ADDRESSEE_COLUMNS = (4.3, 12.2)
ISSUER_RULE = 2.2  # cm, about 1/3 to 1/2 of the issuing body's name
MOTTO_RULE = 5.65  # cm, the width of the motto in 13 pt bold
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _set_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _setup_styles(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr)
    # The document's language is Vietnamese, so spelling and hyphenation use it.
    default_lang = rpr.find(qn("w:lang"))
    if default_lang is not None:
        rpr.remove(default_lang)
    default_lang = OxmlElement("w:lang")
    default_lang.set(qn("w:val"), "vi-VN")
    rpr.append(default_lang)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _setup_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = ""
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    number._p.append(field)


def para(
    container,
    text: str = "",
    *,
    align=LEFT,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    indent: float | None = None,
    before: float = 0,
    after: float = 0,
):
    """Add a paragraph of one run to a document or a cell."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold or None, italic or None
    return paragraph


def tag(container, text: str):
    """Add a paragraph holding only a docxtpl {%p ... %} tag."""
    return para(container, "{%p " + text + " %}")


def body(container, text: str):
    """Add a body paragraph: justified, first line indented 1.27 cm, 6 pt after."""
    return para(container, text, align=JUSTIFY, indent=1.27, after=6)


def gap(container, points: float):
    """Add an empty paragraph exactly the given number of points tall."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.line_spacing = Pt(points)
    return paragraph


def rule(cell, length: float, width: float, *, after: float = 0):
    """Add a solid line of the given length (cm) centred in a cell of the given width (cm)."""
    paragraph = para(cell, size=1, before=3, after=after)
    side = Cm((width - length) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(4)
    borders = _property(paragraph._p.get_or_add_pPr(), "w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    return paragraph


# Child order the OOXML schema requires in the property elements this script touches.
_ORDER = {
    qn("w:tblPr"): "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    qn("w:trPr"): "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight "
    "tblHeader tblCellSpacing jc hidden",
    qn("w:pPr"): "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
}


def _property(parent, name: str, **attrs):
    """Add a property element to parent at the place the schema requires."""
    element = OxmlElement(name)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    if parent.tag not in _ORDER:
        parent.append(element)
        return element
    order = [f"w:{tag}" for tag in _ORDER[parent.tag].split()]
    parent.insert_element_before(element, *order[order.index(name) + 1 :])
    return element


def layout_table(
    container, widths: tuple[float, ...], rows: int = 1, *, borders: bool = False, top: int = 0
):
    """Add a fixed table without side padding (top padding in points); with borders for data."""
    table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    margins = _property(tbl_pr, "w:tblCellMar")
    pad = "60" if borders else "0"
    _property(margins, "w:top", w=str(top * 20), type="dxa")
    for side in ("left", "right"):
        _property(margins, f"w:{side}", w=pad, type="dxa")
    if borders:
        edges = _property(tbl_pr, "w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _property(edges, f"w:{side}", val="single", sz="4", space="0", color="000000")
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)
            cell._tc.remove(cell.paragraphs[0]._p)
    for row in table.rows:
        _property(row._tr.get_or_add_trPr(), "w:cantSplit")
    return table


def _header(document) -> None:
    tag(document, "if draft_mark")
    para(document, "{{ draft_mark }}", align=WD_ALIGN_PARAGRAPH.RIGHT, size=13, bold=True, after=4)
    tag(document, "endif")
    table = layout_table(document, HEADER_COLUMNS, rows=2)
    issuer, nation = table.rows[0].cells
    tag(issuer, "for line in issuer_regular")
    para(issuer, "{{ line }}", align=CENTER, size=13)
    tag(issuer, "endfor")
    tag(issuer, "for line in issuer_bold")
    para(issuer, "{{ line }}", align=CENTER, size=13, bold=True)
    tag(issuer, "endfor")
    rule(issuer, ISSUER_RULE, HEADER_COLUMNS[0])
    para(nation, "{{ national_title }}", align=CENTER, size=12, bold=True)
    para(nation, "{{ motto }}", align=CENTER, size=13, bold=True)
    rule(nation, MOTTO_RULE, HEADER_COLUMNS[1])
    number, place = table.rows[1].cells
    para(number, "{{ number_line }}", align=CENTER, size=13, before=6)
    para(number, "{{ subject_line }}", align=CENTER, size=13, before=2)
    para(place, "{{ place_date_line }}", align=CENTER, size=14, italic=True, before=6)


def _addressees(document) -> None:
    tag(document, "if addressee_lines")
    table = layout_table(document, ADDRESSEE_COLUMNS, top=12)
    word, names = table.rows[0].cells
    heading = para(word, "{{ addressee_heading }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    heading.paragraph_format.right_indent = Cm(0.2)
    tag(names, "for line in addressee_lines")
    para(names, "{{ line }}")
    tag(names, "endfor")
    gap(document, 8)
    tag(document, "elif addressee_heading")
    para(document, "{{ addressee_heading }}", align=CENTER, before=12, after=12)
    tag(document, "endif")


def _results_table(document) -> None:
    tag(document, "if table.columns")
    table = layout_table(document, (5.5, 5.5, 5.5), rows=4, borders=True)
    head, loop_open, cells, loop_close = table.rows
    para(head.cells[0], "{%tc for column in table.columns %}", size=12)
    para(head.cells[1], "{{ column }}", align=CENTER, size=12, bold=True)
    para(head.cells[2], "{%tc endfor %}", size=12)
    para(loop_open.cells[0], "{%tr for row in table.rows %}", size=12)
    para(cells.cells[0], "{%tc for value in row %}", size=12)
    value = cells.cells[1]
    tag(value, "if table.align[loop.index0] == 'center'")
    para(value, "{{ value }}", align=CENTER, size=12)
    tag(value, "else")
    para(value, "{{ value }}", size=12)
    tag(value, "endif")
    para(cells.cells[2], "{%tc endfor %}", size=12)
    para(loop_close.cells[0], "{%tr endfor %}", size=12)
    for row in (loop_open, loop_close):
        for cell in row.cells[1:]:
            para(cell, size=12)
    for cell in (head.cells[1], value):
        width = cell._tc.get_or_add_tcPr().find(qn("w:tcW"))
        width.set(qn("w:type"), "auto")
        width.set(qn("w:w"), "0")
    _property(head._tr.get_or_add_trPr(), "w:tblHeader")
    table._tbl.tblPr.find(qn("w:tblLayout")).set(qn("w:type"), "autofit")
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "pct")
    table_width.set(qn("w:w"), "5000")
    gap(document, 8)
    tag(document, "endif")


def _body_kept_if(document, condition: str, text: str) -> None:
    """A body paragraph kept with the next one (keep-with-next) when the condition holds."""
    tag(document, f"if {condition}")
    body(document, text).paragraph_format.keep_with_next = True
    tag(document, "else")
    body(document, text)
    tag(document, "endif")


def _content(document, kind: LetterKind) -> None:
    """The body. Its last paragraph keeps with the signer block, so that the signer and Nơi nhận
    never stand alone on a page."""
    tag(document, "for paragraph in opening")
    _body_kept_if(document, "loop.last and not assignments and not closing", "{{ paragraph }}")
    tag(document, "endfor")
    if kind is LetterKind.NOTICE:
        _results_table(document)
    tag(document, "if lead_in")
    body(document, "{{ lead_in }}")
    tag(document, "endif")
    tag(document, "for item in assignments")
    tag(document, "set ends_letter = loop.last and not closing")
    _body_kept_if(
        document,
        "ends_letter and not item.sub_items and not item.deadline",
        "{{ item.label }} {% if item.heading %}{{ item.heading }} {% endif %}{{ item.text }}",
    )
    tag(document, "for sub in item.sub_items")
    _body_kept_if(
        document,
        "ends_letter and loop.last and not item.deadline",
        "{{ sub.label }} {{ sub.text }}",
    )
    tag(document, "endfor")
    tag(document, "if item.deadline")
    _body_kept_if(document, "ends_letter", "{{ item.deadline }}")
    tag(document, "endif")
    tag(document, "endfor")
    tag(document, "for paragraph in closing")
    _body_kept_if(document, "loop.last", "{{ paragraph }}")
    tag(document, "endfor")


def _signature(document) -> None:
    table = layout_table(document, SIGN_COLUMNS, top=6)
    recipients, signer = table.rows[0].cells
    # Nơi nhận (12 pt) level with the first line of the signer (14 pt): baselines aligned.
    para(recipients, "{{ recipients_heading }}", size=12, bold=True, italic=True, before=2)
    tag(recipients, "for line in recipients")
    para(recipients, "{{ line }}", size=11)
    tag(recipients, "endfor")
    tag(signer, "for line in signer_lines")
    para(signer, "{{ line }}", align=CENTER, bold=True)
    tag(signer, "endfor")
    para(signer, "{{ signer_name }}", align=CENTER, bold=True, before=72)


def _annex(document) -> None:
    """The annex on a page of its own: "Phụ lục", its title, which letter it goes with, then each
    unit's dossiers in a table whose header repeats on every page."""
    tag(document, "if annex")
    word = para(document, "{{ annex.word }}", align=CENTER, bold=True)
    word.paragraph_format.page_break_before = True
    para(document, "{{ annex.title }}", align=CENTER, bold=True)
    para(document, "{{ annex.reference }}", align=CENTER, italic=True)
    rule(document, 5.0, TEXT_WIDTH, after=12)
    tag(document, "for section in annex.sections")
    heading = para(document, "{{ section.heading }}", align=JUSTIFY, bold=True, before=9, after=4)
    heading.paragraph_format.keep_with_next = True
    tag(document, "if section.note")
    para(document, "{{ section.note }}", italic=True, after=6)
    tag(document, "endif")
    tag(document, "if section.rows")
    widths = tuple(round(TEXT_WIDTH * share / sum(ANNEX_WIDTHS), 2) for share in ANNEX_WIDTHS)
    table = layout_table(document, widths, rows=4, borders=True)
    head, loop_open, cells, loop_close = table.rows
    for index, cell in enumerate(head.cells):
        para(cell, "{{ annex.columns[" + str(index) + "] }}", align=CENTER, size=11, bold=True)
    para(loop_open.cells[0], "{%tr for row in section.rows %}", size=11)
    for index, cell in enumerate(cells.cells):
        para(cell, "{{ row[" + str(index) + "] }}", align=CENTER, size=11)
    para(loop_close.cells[0], "{%tr endfor %}", size=11)
    for row in (loop_open, loop_close):
        for cell in row.cells[1:]:
            para(cell, size=11)
    _property(head._tr.get_or_add_trPr(), "w:tblHeader")
    gap(document, 6)
    tag(document, "endif")
    tag(document, "endfor")
    tag(document, "endif")


KEPT_STYLES = {
    "Normal", "Header", "HeaderChar", "Footer", "FooterChar", "DefaultParagraphFont",
    "TableNormal", "NoList",
}  # fmt: skip
DROPPED_PARTS = ("stylesWithEffects", "customXml", "thumbnail")


def _prune(document) -> None:
    """Drop the styles and parts the letter never uses, so each render parses less."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for rels in (document.part.package.rels, document.part.rels):
        for key, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in DROPPED_PARTS:
                rels.pop(key)


def _preserve_spaces(document) -> None:
    for text in document.element.iter(qn("w:t")):
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def build(kind: LetterKind, folder: Path) -> Path:
    """Write folder/template.docx for one letter kind."""
    document = Document()
    _setup_styles(document)
    _setup_page(document)
    _header(document)
    _addressees(document)
    _content(document, kind)
    _signature(document)
    _annex(document)
    _preserve_spaces(document)
    _prune(document)
    properties = document.core_properties
    properties.author, properties.title = "Đôn Đốc", LETTER_KIND_LABELS[kind]
    properties.comments = properties.subject = properties.keywords = ""
    path = folder / "template.docx"
    document.save(path)
    return path


def used_variables(folder: Path) -> list[str]:
    """Return the context keys the folder's DOCX and HTML templates read."""
    from docxtpl import DocxTemplate

    environment = Environment()
    template = DocxTemplate(folder / "template.docx")
    template.init_docx()
    xml = template.patch_xml(template.get_xml())
    names = set(meta.find_undeclared_variables(environment.parse(xml)))
    html = (folder / "template.html").read_text(encoding="utf-8")
    for source in [html, *_included(html)]:
        names |= meta.find_undeclared_variables(environment.parse(source))
    return sorted(names)


def _included(html: str) -> list[str]:
    found = re.findall(r"""{%-?\s*(?:extends|include)\s+["']([^"']+)["']""", html)
    return [(ROOT / name).read_text(encoding="utf-8") for name in found]


def write_metadata(kind: LetterKind, folder: Path) -> None:
    """Write folder/metadata.yaml: the kind's Vietnamese name, version and variables."""
    data = {
        "name": LETTER_KIND_LABELS[kind],
        "kind": kind.value,
        "version": "1",
        "variables": used_variables(folder),
    }
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (folder / "metadata.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    """Build the DOCX and metadata of every letter kind."""
    for kind in LetterKind:
        folder = ROOT / kind.value
        folder.mkdir(exist_ok=True)
        print(build(kind, folder).relative_to(ROOT.parent))
        write_metadata(kind, folder)


if __name__ == "__main__":
    main()
