"""Load the demo city into the database, creating what is missing and refreshing passwords."""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select

from webapp.auth.models import Role, User
from webapp.auth.operations import create_user
from webapp.auth.passwords import hash_password
from webapp.demo import city
from webapp.demo.stats_data import write_demo_files
from webapp.extensions import db
from webapp.files import instance_folder
from webapp.grounds.models import Ground
from webapp.imports.models import ImportKind, ImportRun
from webapp.imports.operations import import_file
from webapp.signers.models import IssuingBody, Signer
from webapp.signing.appearance import draw_mark
from webapp.signing.keys import attach_certificate
from webapp.signing.pki import issue_signing_certificate, local_ca
from webapp.units.models import Unit, UnitKind
from workflows.errors import Conflict
from workflows.letters.grounds import GroundKind


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit_code: str
    password: str


def load_demo_stats() -> list[ImportRun]:
    """Import the demo dossiers and complaints through the real importer."""
    with tempfile.TemporaryDirectory() as folder:
        dossiers_path, complaints_path = write_demo_files(Path(folder))
        return [
            import_file(None, ImportKind.DOSSIERS, dossiers_path, dossiers_path.name),
            import_file(None, ImportKind.COMPLAINTS, complaints_path, complaints_path.name),
        ]


def schema_ready() -> bool:
    """Tell whether the migrations have been applied."""
    return inspect(db.engine).has_table("users")


def load_demo_city(password: str | None = None) -> list[DemoLogin]:
    """Create or refresh the demo city; return every demo login with its (new) password."""
    if not schema_ready():
        raise Conflict(
            "Cơ sở dữ liệu chưa có bảng: hãy chạy `flask --app webapp db upgrade` trước."
        )
    body = _issuing_body()
    db.session.flush()
    _grounds(body)
    for code, name, kind in city.units():
        _unit(code, name, kind)
    db.session.flush()

    logins: list[DemoLogin] = []
    for username, display_name, role, title, authority in city.STAFF:
        secret = password or secrets.token_urlsafe(9)
        user = _user(username, display_name, role, secret, None)
        if title:
            signer = _signer(body, user, display_name, title, authority)
            if not signer.certificate_file:
                _demo_certificate(body, signer)
        logins.append(DemoLogin(username, role, "", secret))
    for code, name, _kind in city.units():
        secret = password or secrets.token_urlsafe(9)
        _user(code.lower(), f"Cán bộ {name}", Role.UNIT.value, secret, code)
        logins.append(DemoLogin(code.lower(), Role.UNIT.value, code, secret))
    return logins


def _demo_certificate(body: IssuingBody, signer: Signer) -> None:
    """Give a demo signer a certificate from the demo city's own local CA, made now."""
    organization = body.name.replace("ỦY BAN NHÂN DÂN", "UBND", 1)
    issued = issue_signing_certificate(
        local_ca(instance_folder("pki"), organization), signer.full_name, organization
    )
    db.session.flush()
    attach_certificate(
        None, signer, issued.p12, issued.password, draw_mark(signer.full_name, body.name)
    )


def _grounds(body: IssuingBody) -> None:
    """The plan letter 1522 cites, as the ground the demo's drafts open with."""
    for kind, number_text, issued_on, issuer, title in city.GROUNDS:
        known = db.session.scalar(
            select(Ground).where(
                Ground.issuing_body_id == body.id, Ground.number_text == number_text
            )
        )
        if known is None:
            db.session.add(
                Ground(
                    issuing_body_id=body.id,
                    kind=GroundKind(kind),
                    number_text=number_text,
                    issued_on=issued_on,
                    issuer=issuer,
                    title=title,
                )
            )


def _issuing_body() -> IssuingBody:
    body = db.session.scalar(
        select(IssuingBody).where(IssuingBody.name == city.ISSUING_BODY["name"])
    )
    if body is None:
        body = IssuingBody(**city.ISSUING_BODY)
        db.session.add(body)
    return body


def _unit(code: str, name: str, kind: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        unit = Unit(code=code, name=name, kind=UnitKind(kind))
        db.session.add(unit)
    return unit


def _user(
    username: str, display_name: str, role: str, password: str, unit_code: str | None
) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        return create_user(
            None,
            username=username,
            display_name=display_name,
            role=role,
            password=password,
            unit_code=unit_code,
        )
    user.active = True
    user.password_hash = hash_password(password)
    user.session_version += 1
    return user


def _signer(body: IssuingBody, user: User, full_name: str, title: str, authority: str) -> Signer:
    signer = db.session.scalar(select(Signer).where(Signer.user_id == user.id))
    if signer is None:
        signer = Signer(
            issuing_body=body, user=user, full_name=full_name, title=title, authority=authority
        )
        db.session.add(signer)
    return signer
