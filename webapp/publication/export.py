"""The published results as a spreadsheet and as a printable PDF."""

from __future__ import annotations

from flask import render_template

from webapp.documents.render import DOC_TEMPLATES, FONT_CONFIG, LetterHTML, LocalFetcher
from webapp.publication.models import PublishedPeriod
from webapp.publication.operations import PUBLIC_COLUMNS
from webapp.spreadsheets import workbook
from workflows.numbers import number_text
from workflows.periods import period_label

WIDTHS = (10, 40, 12, 14, 14, 16, 14)


def results_xlsx(published: PublishedPeriod) -> bytes:
    rows = [
        {
            **row,
            "rank": row["rank"] if row["rank"] is not None else "",
            # A workbook is read by people: the rate with a decimal comma, as on the page.
            "on_time_rate": ""
            if row["on_time_rate"] is None
            else number_text(row["on_time_rate"], 2),
        }
        for row in published.rows
    ]
    title = f"Kết quả TTHC {period_label(published.period)}"
    return workbook(title, PUBLIC_COLUMNS, WIDTHS, rows)


def results_pdf(published: PublishedPeriod, body_name: str) -> bytes:
    html = render_template(
        "publication/results_pdf.html",
        published=published,
        columns=PUBLIC_COLUMNS,
        body_name=body_name,
    )
    base = DOC_TEMPLATES / "_base"
    document = LetterHTML(
        string=html, base_url=base.as_uri() + "/", url_fetcher=LocalFetcher(DOC_TEMPLATES)
    ).render(font_config=FONT_CONFIG)
    document.metadata.title = f"Kết quả giải quyết TTHC {period_label(published.period)}"
    return document.write_pdf()
