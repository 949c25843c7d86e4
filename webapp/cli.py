"""The `flask --app webapp ...` commands and their shared error reporting."""

from __future__ import annotations

import click

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
