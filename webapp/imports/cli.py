"""`flask import PATH --kind ...`: import one file, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from webapp.cli import CommandError
from webapp.extensions import db
from webapp.imports.checking import CheckerDied
from webapp.imports.models import ImportKind, ImportOptions
from webapp.imports.operations import ImportRejected, import_file
from webapp.imports.preview import PreviewRejected, preview_import
from webapp.imports.summary import describe_problem, preview_lines, summarize
from webapp.notifications.operations import send_emails_later
from workflows.periods import parse_period


def _period(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_period(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command(
    "import", help="Nhập một tệp số liệu (CSV, XLSX, XLS, Biểu số 06) theo hợp đồng nhập liệu."
)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True, type=click.Choice([kind.value for kind in ImportKind]))
@click.option("--sheet", default="", help="Trang tính cần đọc (mặc định: trang đầu có tiêu đề).")
@click.option(
    "--period",
    default=None,
    callback=lambda _ctx, _param, value: _period(value),
    help="Kỳ YYYY-MM của tệp báo cáo; kỳ trong tệp phải khớp.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Chỉ xem trước: kiểm tra cả tệp và in những gì sẽ thay đổi, không lưu gì.",
)
def import_command(path: Path, kind: str, sheet: str, period: str | None, dry_run: bool) -> None:
    """Import one file; print a one-line summary, or every problem and store nothing."""
    options = ImportOptions(sheet, period)
    if dry_run:
        _preview(path, kind, options)
        return
    with click.progressbar(length=1000, label=f"Đang nhập {path.name}", file=sys.stderr) as bar:
        done = {"value": 0}

        def advance(fraction: float) -> None:
            target = int(fraction * 1000)
            if target > done["value"]:
                bar.update(target - done["value"])
                done["value"] = target

        try:
            run = import_file(None, kind, path, path.name, progress=advance, options=options)
        except ImportRejected as rejected:
            db.session.commit()  # keeps the record of the rejected file, nothing of its data
            raise CommandError(
                rejected.message, [{"message": describe_problem(p)} for p in rejected.details]
            ) from None
        except CheckerDied as died:
            db.session.rollback()
            raise CommandError(str(died)) from None
    db.session.commit()
    send_emails_later()
    click.echo(summarize(run))


def _preview(path: Path, kind: str, options: ImportOptions) -> None:
    preview = preview_import(None, kind, path, path.name, options)
    db.session.commit()  # the "previewed" event, and nothing else
    if preview.problems:
        rejected = PreviewRejected(preview)
        raise CommandError(
            rejected.message, [{"message": describe_problem(p)} for p in rejected.details]
        )
    for line in preview_lines(preview):
        click.echo(line)
