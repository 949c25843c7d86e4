"""Words for an import's outcome and its problems."""

from __future__ import annotations

from webapp.imports.columns import FIGURE_LABELS
from webapp.imports.models import ImportRun
from webapp.imports.preview import Preview


def describe_problem(problem: dict) -> str:
    """Return "file, dòng 3, cột due_at, giá trị “…”: why" for one problem."""
    parts = [problem.get("file", "")]
    if problem.get("sheet"):
        parts.append(f"trang tính “{problem['sheet']}”")
    if problem.get("row"):
        parts.append(f"dòng {problem['row']}")
    if problem.get("column"):
        parts.append(f"cột {problem['column']}")
    if problem.get("value"):
        parts.append(f"giá trị “{problem['value']}”")
    return ", ".join(part for part in parts if part) + f": {problem['message']}"


def summarize(run: ImportRun) -> str:
    """Return the one-line summary of a finished import."""
    line = (
        f"Đã nhập {run.file_name} ({run.kind.value}): {run.rows_total} dòng, thêm {run.rows_added}, "
        f"cập nhật {run.rows_updated}, không đổi {run.rows_unchanged}"
    )
    if run.periods:
        line += f"; tính lại số liệu các kỳ {', '.join(run.periods)}"
    if run.note:
        line += f". {run.note}"
    return line + "."


def _verdict(met: bool | None, otherwise: str) -> str:
    return otherwise if met is None else ("đạt" if met else "chưa đạt")


def preview_lines(preview: Preview) -> list[str]:
    """Return what importing a previewed file would change, a line each."""
    first = (
        f"Xem trước {preview.file_name} ({preview.kind.value}): {preview.rows_total} dòng, "
        f"thêm {preview.rows_added}, cập nhật {preview.rows_updated}, "
        f"không đổi {preview.rows_unchanged}"
    )
    if preview.periods:
        first += f"; sẽ tính lại số liệu các kỳ {', '.join(preview.periods)}"
    lines = [first + ". Chưa lưu gì."]
    lines.append(f"Số liệu thay đổi: {preview.figures_count} đơn vị-tháng.")
    for change in preview.figures:
        before, after = change.before or {}, change.after or {}
        moves = "; ".join(
            f"{FIGURE_LABELS[name]} {before.get(name, '—')} → {after.get(name, '—')}"
            for name in change.changed
        )
        lines.append(f"  {change.where.unit_name} ({change.where.period}): {moves}")
    for note in preview.sources:
        lines.append(f"  {note.where.unit_name} ({note.where.period}): {note.text}")
    for finding in preview.findings:
        mark = "Xuất hiện" if finding.appears else "Không còn"
        lines.append(f"{mark}: {finding.where.unit_name} ({finding.where.period}) — {finding.rule}")
    for verdict in preview.verdicts:
        lines.append(
            f"Nhiệm vụ {verdict.position} của văn bản {verdict.letter} — "
            f"{verdict.where.unit_name} ({verdict.where.period}): "
            f"{_verdict(verdict.before, 'chưa đánh giá')} → "
            f"{_verdict(verdict.after, 'không đủ số liệu để đánh giá')}"
        )
    return lines
