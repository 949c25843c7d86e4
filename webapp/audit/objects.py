"""Name and link the objects a page of audit events speaks of, with one query per kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.admin.policies import ADMINISTRATORS
from webapp.audit.labels import entity_kind, entity_label
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.database import integer
from webapp.directives.batch.models import LetterBatch
from webapp.directives.models import Assignment, Directive
from webapp.exemptions.models import Exemption
from webapp.extensions import db
from webapp.grounds.models import Ground
from webapp.grounds.policies import GROUND_KEEPERS
from webapp.imports.models import ImportKind, ImportRun
from webapp.publication.models import PublishedPeriod
from webapp.signers.models import Signer
from webapp.tasks.models import UnitTask
from webapp.units.models import Unit
from workflows.vocabulary import LetterKind

# Fields whose values are other objects' keys: the kind each names.
REFERENCE_FIELDS = {
    "unit": "unit",
    "unit_code": "unit",
    "parent_code": "unit",
    "directive_id": "directive",
    "signer_id": "signer",
}
# Kinds whose key is a number; the others (units, template versions) are codes.
NUMBERED = (
    "unit_task",
    "directive",
    "user",
    "exemption",
    "import_run",
    "ground",
    "published_period",
    "letter_batch",
    "signer",
)


@dataclass(frozen=True)
class Named:
    """An object as people read it, with the page that shows it (None when there is none)."""

    text: str
    url: str | None = None


class ObjectNames:
    """The names of every object a page of events, and their recorded fields, refer to."""

    def __init__(self, events: Iterable[AuditEvent], viewer: User) -> None:
        self.viewer = viewer
        wanted: dict[str, set[str]] = defaultdict(set)
        for event in events:
            wanted[entity_kind(event.entity)].add(event.entity_id)
            for values in (event.before, event.after):
                for field, value in (values or {}).items():
                    if field in REFERENCE_FIELDS and value not in (None, ""):
                        wanted[REFERENCE_FIELDS[field]].add(str(value))
        self.found: dict[str, dict[str, Named]] = {}
        for kind, keys in wanted.items():
            loader = LOADERS.get(kind)
            if loader is None:
                continue
            if kind in NUMBERED:
                keys = {key for key in keys if _is_id(key)}
            if keys:
                self.found[kind] = loader(self, keys)

    def name(self, entity: str, key) -> Named:
        """Return an object's name and page; one since deleted (or never kept) by kind and key."""
        kind = entity_kind(entity)
        named = self.found.get(kind, {}).get(str(key))
        if named is not None:
            return named
        return Named(f"{entity_label(entity)} {_key_text(kind, str(key))}".strip())

    # ------------------------------------------------------------------ one query per kind

    def _tasks(self, keys: set[str]) -> dict[str, Named]:
        stmt = (
            select(UnitTask)
            .where(UnitTask.id.in_([int(key) for key in keys]))
            .options(
                joinedload(UnitTask.unit),
                joinedload(UnitTask.assignment).joinedload(Assignment.directive),
            )
        )
        return {
            str(task.id): Named(
                f"Nhiệm vụ {task.assignment.position} của văn bản "
                f"{_letter_reference(task.assignment.directive)} — {task.unit.name}",
                url_for("tasks.show", task_id=task.id),
            )
            for task in db.session.scalars(stmt)
        }

    def _directives(self, keys: set[str]) -> dict[str, Named]:
        stmt = select(Directive).where(Directive.id.in_([int(key) for key in keys]))
        return {
            str(letter.id): Named(
                f"{_letter_reference(letter, capital=True)} — V/v {letter.subject}",
                url_for("directives.show", directive_id=letter.id),
            )
            for letter in db.session.scalars(stmt)
        }

    def _units(self, keys: set[str]) -> dict[str, Named]:
        stmt = select(Unit).where(Unit.code.in_(keys))
        return {
            unit.code: Named(unit.name, url_for("units.show", code=unit.code))
            for unit in db.session.scalars(stmt)
        }

    def _users(self, keys: set[str]) -> dict[str, Named]:
        stmt = select(User).where(User.id.in_([int(key) for key in keys]))
        admin = self.viewer.role in ADMINISTRATORS
        return {
            str(user.id): Named(
                f"Tài khoản {user.display_name} ({user.username})",
                url_for("admin.users", q=user.username) if admin else None,
            )
            for user in db.session.scalars(stmt)
        }

    def _exemptions(self, keys: set[str]) -> dict[str, Named]:
        stmt = (
            select(Exemption)
            .where(Exemption.id.in_([int(key) for key in keys]))
            .options(joinedload(Exemption.unit))
        )
        return {
            str(item.id): Named(
                f"Đề nghị miễn trừ hồ sơ {item.dossier_code} — {item.unit.name}",
                url_for("exemptions.show", exemption_id=item.id),
            )
            for item in db.session.scalars(stmt)
        }

    def _imports(self, keys: set[str]) -> dict[str, Named]:
        stmt = select(ImportRun).where(ImportRun.id.in_([int(key) for key in keys]))
        return {
            str(run.id): Named(
                f"Lần nhập số {run.id}: {ImportKind(run.kind).label} — tệp {run.file_name}",
                url_for("imports.show", run_id=run.id),
            )
            for run in db.session.scalars(stmt)
        }

    def _grounds(self, keys: set[str]) -> dict[str, Named]:
        stmt = select(Ground).where(Ground.id.in_([int(key) for key in keys]))
        keeper = self.viewer.role in GROUND_KEEPERS
        return {
            str(ground.id): Named(
                f"Căn cứ: {ground.kind.label} số {ground.number_text} của {ground.issuer}",
                url_for("grounds.index") if keeper else None,
            )
            for ground in db.session.scalars(stmt)
        }

    def _publications(self, keys: set[str]) -> dict[str, Named]:
        stmt = select(PublishedPeriod).where(PublishedPeriod.id.in_([int(key) for key in keys]))
        return {
            str(item.id): Named(
                f"Kết quả công bố tháng {item.period[5:7]}/{item.period[:4]}",
                url_for("publication.results", period=item.period),
            )
            for item in db.session.scalars(stmt)
        }

    def _batches(self, keys: set[str]) -> dict[str, Named]:
        stmt = select(LetterBatch).where(LetterBatch.id.in_([int(key) for key in keys]))
        return {
            str(batch.id): Named(
                f"Lô công văn đôn đốc số {batch.id} (tháng {batch.period[5:7]}/{batch.period[:4]})",
                url_for("batches.show", batch_id=batch.id),
            )
            for batch in db.session.scalars(stmt)
        }

    def _signers(self, keys: set[str]) -> dict[str, Named]:
        stmt = select(Signer).where(Signer.id.in_([int(key) for key in keys]))
        return {
            str(signer.id): Named(f"{signer.full_name} ({signer.title.capitalize()})")
            for signer in db.session.scalars(stmt)
        }


LOADERS = {
    "unit_task": ObjectNames._tasks,
    "directive": ObjectNames._directives,
    "unit": ObjectNames._units,
    "user": ObjectNames._users,
    "exemption": ObjectNames._exemptions,
    "import_run": ObjectNames._imports,
    "ground": ObjectNames._grounds,
    "published_period": ObjectNames._publications,
    "letter_batch": ObjectNames._batches,
    "signer": ObjectNames._signers,
}


def _letter_reference(letter: Directive, capital: bool = False) -> str:
    """Return "03/UBND-VP" for a numbered letter, "dự thảo #12" for one not signed yet."""
    if letter.number_text:
        return f"Văn bản {letter.number_text}" if capital else letter.number_text
    return f"{'Dự thảo' if capital else 'dự thảo'} #{letter.id}"


def _key_text(kind: str, key: str) -> str:
    """Return how an object with no name left is shown: its key, or its template's words."""
    if kind == "template_version" and "/" in key:
        letter_kind, version = key.split("/", 1)
        if letter_kind in {item.value for item in LetterKind}:
            return f"{LetterKind(letter_kind).label}, phiên bản {version}"
    if kind == "request":
        return key
    return f"#{key}"


def _is_id(key: str) -> bool:
    try:
        integer(key)
    except ValueError:
        return False
    return True
