"""`flask issue` and `flask reminders`: send a signed letter to its units; send due reminders."""

from __future__ import annotations

import click

from webapp.cli import CommandError
from webapp.directives.models import Directive
from webapp.extensions import db
from webapp.notifications.operations import send_emails_later
from webapp.security import SYSTEM_OFFICE
from webapp.tasks.issuing import issue_directive
from webapp.tasks.reminders import send_due_reminders
from workflows.errors import DomainError
from workflows.periods import local_today


@click.command("issue", help="Ban hành văn bản đã ký: giao nhiệm vụ cho từng đơn vị.")
@click.argument("directive_id", type=int)
def issue_command(directive_id: int) -> None:
    """Issue a signed letter: create its unit tasks and tell the units."""
    directive = db.session.get(Directive, directive_id)
    if directive is None:
        raise CommandError(f"Không có văn bản số hiệu {directive_id}.")
    try:
        tasks = issue_directive(SYSTEM_OFFICE, directive)
        db.session.commit()
    except DomainError as refused:
        db.session.rollback()
        raise CommandError.from_domain(refused) from None
    send_emails_later()
    units = len({task.unit_id for task in tasks})
    click.echo(f"Đã ban hành {directive.number_text}: {len(tasks)} nhiệm vụ cho {units} đơn vị.")


@click.command("reminders", help="Gửi ngay các nhắc việc đến hạn (mỗi nhắc việc chỉ gửi một lần).")
def reminders_command() -> None:
    """Send the reminders due today; what was sent before is not sent again."""
    sent = send_due_reminders(local_today())
    db.session.commit()
    send_emails_later()
    click.echo(f"Đã gửi {sent} nhắc việc.")
