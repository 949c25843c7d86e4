"""One unit of work per request: commit what a step did, or roll it back and keep why it was refused.

    with unit_of_work() as work:
        set_user_active(current_user, user, activate)
    if work.refused:
        flash(work.message, "danger")

The block's DomainError is caught (the page shows it); any other error, and the kinds named in
`let_through` (such as PermissionDenied, answered 403 by the error handlers), roll back and go on.
An API view uses `committed()`: every DomainError goes on, to be answered as JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from webapp.extensions import db
from workflows.errors import DomainError


@dataclass
class Work:
    """What became of a unit of work: refused (with the domain error) or committed."""

    refused: DomainError | None = None

    @property
    def message(self) -> str:
        return self.refused.message if self.refused else ""

    @property
    def problems(self) -> list[dict]:
        """The refusal's details, or its message alone when it has none."""
        if self.refused is None:
            return []
        return list(self.refused.details) or [{"message": self.refused.message}]

    @property
    def message_and_problems(self) -> list[dict]:
        """The refusal's message followed by each of its details."""
        if self.refused is None:
            return []
        return [{"message": self.refused.message}, *self.refused.details]


@contextmanager
def unit_of_work(let_through: tuple[type[DomainError], ...] = ()) -> Iterator[Work]:
    """Commit the block's changes, or roll them back and record the DomainError that refused them."""
    work = Work()
    try:
        yield work
    except let_through:
        db.session.rollback()
        raise
    except DomainError as refused:
        db.session.rollback()
        work.refused = refused
    except BaseException:
        db.session.rollback()
        raise
    else:
        db.session.commit()


def committed() -> AbstractContextManager[Work]:
    """Commit the block's changes, or roll them back and let every error go on (the API answers
    a DomainError as JSON)."""
    return unit_of_work(let_through=(DomainError,))
