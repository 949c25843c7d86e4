"""Build a letter's annex from the findings of its month: for each unit a finding names, the
dossiers behind the finding's figure (complaints are not listed: they name officials)."""

from __future__ import annotations

from datetime import datetime

from webapp.auth.models import Role, User
from webapp.directives.models import Directive
from webapp.formatting import local_time
from webapp.stats.basis import findings_basis
from webapp.stats.dossier_lists import every_row
from workflows.letters.annex import FIGURE_PHRASES, annex_title, section_heading

# The annex is drafted with the office's view: every unit.
OFFICE_VIEW = User(username="phu-luc", display_name="Phụ lục", role=Role.OFFICE)
TIMES = ("received_at", "due_at", "returned_at", "finished_at")


def build_annex(directive: Directive) -> dict | None:
    """The annex of the letter's month as stored with the letter; None without listed findings."""
    if not directive.period:
        return None
    sections = []
    for item in findings_basis(OFFICE_VIEW, directive.period):
        if item.figure not in FIGURE_PHRASES:
            continue
        listed = every_row(OFFICE_VIEW, item.finding.unit_code, directive.period, item.figure)
        count = listed.stored if listed.from_report else listed.total
        sections.append(
            {
                "heading": section_heading(
                    len(sections) + 1, item.unit_name, item.figure, count or 0
                ),
                "note": "Số liệu theo báo cáo tổng hợp của đơn vị: không có danh sách hồ sơ."
                if listed.from_report
                else "",
                "rows": [
                    [str(number), row["dossier_code"], row["procedure_code"]]
                    + [_shown(row[key]) for key in TIMES]
                    for number, row in enumerate(listed.items, start=1)
                ],
            }
        )
    if not sections:
        return None
    return {"title": annex_title(directive.period), "sections": sections}


def _shown(value: str | None) -> str:
    return local_time(datetime.fromisoformat(value)) if value else ""
