"""`flask draft`, `flask sign` and `flask render`: a letter from findings to a signed file."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from webapp.auth.models import User
from webapp.cli import CommandError
from webapp.directives.models import Directive, DirectiveState
from webapp.directives.operations import (
    approve_directive,
    draft_directive,
    submit_directive,
)
from webapp.documents.storage import letter_file
from webapp.events import directive_signed
from webapp.extensions import db
from webapp.security import SYSTEM_OFFICE
from workflows.errors import DomainError

DRAFT_KINDS = ("directive", "notice", "reminder", "criticism")
UNSUBMITTED = (DirectiveState.DRAFT, DirectiveState.RETURNED)


def _directive(directive_id: int) -> Directive:
    directive = db.session.get(Directive, directive_id)
    if directive is None:
        raise CommandError(f"Không có văn bản số hiệu {directive_id}.")
    return directive


@click.command("draft", help="Soạn văn bản từ các phát hiện của một kỳ; in mã văn bản mới.")
@click.option("--period", required=True, help="Kỳ YYYY-MM")
@click.option("--kind", type=click.Choice(DRAFT_KINDS), default="directive", show_default=True)
def draft_command(period: str, kind: str) -> None:
    """Draft a letter from the period's findings and print its id."""
    try:
        directive = draft_directive(SYSTEM_OFFICE, period, kind)
        db.session.commit()
    except DomainError as refused:
        db.session.rollback()
        raise CommandError.from_domain(refused) from None
    click.echo(directive.id)


@click.command("sign", help="Ký duyệt văn bản với tư cách lãnh đạo; in số và ký hiệu.")
@click.argument("directive_id", type=int)
@click.option("--as", "username", required=True, help="Tên đăng nhập của lãnh đạo ký")
def sign_command(directive_id: int, username: str) -> None:
    """Submit the letter if it is still a draft, sign it as the leader, print "01/UBND-VP"."""
    leader = db.session.scalar(select(User).where(User.username == username))
    if leader is None or not leader.active:
        raise CommandError(f"Không có tài khoản đang hoạt động tên “{username}”.")
    directive = _directive(directive_id)
    try:
        if directive.state in UNSUBMITTED:
            submit_directive(SYSTEM_OFFICE, directive)
        approve_directive(leader, directive)
        db.session.commit()
    except DomainError as refused:
        db.session.rollback()
        raise CommandError.from_domain(refused) from None
    directive_signed.send(directive)
    click.echo(directive.number_text)


@click.command("render", help="Xuất văn bản ra tệp DOCX hoặc PDF.")
@click.argument("directive_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), required=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def render_command(directive_id: int, fmt: str, out: Path) -> None:
    """Render the letter to a DOCX or PDF file."""
    directive = _directive(directive_id)
    try:
        data = letter_file(directive, fmt)
    except DomainError as refused:
        raise CommandError.from_domain(refused) from None
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"Không ghi được tệp {out}: {exc.strerror}.") from None
    click.echo(f"Đã ghi {out} ({len(data)} byte).")
