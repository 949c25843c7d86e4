"""`flask signers cert`: give a signer the certificate and key (PKCS#12) it signs letters with."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from webapp.auth.models import User
from webapp.cli import CommandError
from webapp.extensions import db
from webapp.signers.models import Signer
from webapp.signing.keys import attach_certificate
from workflows.errors import DomainError


@click.group("signers", help="Quản lý người ký và chứng thư số.")
def signers() -> None:
    pass


@signers.command("cert")
@click.argument("username")
@click.option("--p12", "p12_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--password", prompt=True, hide_input=True, help="Mật khẩu của tệp PKCS#12.")
@click.option(
    "--image",
    "image_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Ảnh PNG chữ ký có dấu (tùy chọn).",
)
def cert(username: str, p12_path: str, password: str, image_path: str | None) -> None:
    """Attach a PKCS#12 certificate to the signer of a leader's account."""
    signer = db.session.scalar(
        select(Signer).join(User, User.id == Signer.user_id).where(User.username == username)
    )
    if signer is None:
        raise CommandError(f"Tài khoản {username!r} không phải người ký của cơ quan nào.")
    try:
        image = Path(image_path).read_bytes() if image_path else None
        attach_certificate(None, signer, Path(p12_path).read_bytes(), password, image)
        db.session.commit()
    except DomainError as refused:
        db.session.rollback()
        raise CommandError.from_domain(refused) from None
    click.echo(f"Đã gắn chứng thư cho {signer.full_name}: {signer.certificate_subject}")
