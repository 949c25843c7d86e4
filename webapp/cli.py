"""The `flask --app webapp ...` commands and their shared error reporting."""

from __future__ import annotations

import click
from flask import Flask

from workflows.errors import DomainError


class CommandError(click.ClickException):
    """A refused command: its message and every detail go to stderr, exit status 1."""

    def __init__(self, message: str, details: list[dict] | None = None) -> None:
        super().__init__(message)
        self.details = details or []

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.message}", err=True)
        for problem in self.details:
            where = " ".join(str(problem[key]) for key in ("location", "field") if problem.get(key))
            click.echo(f"  - {where + ': ' if where else ''}{problem['message']}", err=True)

    @classmethod
    def from_domain(cls, error: DomainError) -> CommandError:
        return cls(error.message, error.details)


def register_commands(app: Flask) -> None:
    """Attach every command group to the app."""
    from webapp.auth.cli import users
    from webapp.demo.cli import demo
    from webapp.directives.cli import draft_command, render_command, sign_command
    from webapp.imports.cli import import_command
    from webapp.jobs.worker import recover, worker
    from webapp.signing.cli import signers
    from webapp.stats.cli import findings_command, stats_command
    from webapp.tasks.cli import issue_command, reminders_command

    commands = (
        (users, demo, signers, worker, recover),
        (import_command, stats_command, findings_command),
        (draft_command, sign_command, render_command, issue_command, reminders_command),
    )
    for group in commands:
        for command in group:
            app.cli.add_command(command)
