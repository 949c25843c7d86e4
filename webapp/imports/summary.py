"""Words for an import's outcome and its problems."""

from __future__ import annotations

from webapp.imports.models import ImportRun


def describe_problem(problem: dict) -> str:
    """Return "file, dòng 3, cột due_at, giá trị “…”: why" for one problem."""
    parts = [problem.get("file", "")]
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
