"""Signers' certificates: a PKCS#12 file kept under the instance folder, its password encrypted
with a key derived from SECRET_KEY, so the database alone never opens a signing key."""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import UTC
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from flask import current_app
from pyhanko.sign.signers import SimpleSigner

from webapp.audit.operations import record_event
from webapp.database import utcnow
from webapp.files import instance_folder
from webapp.formatting import local_time
from webapp.signers.models import Signer
from workflows.errors import Conflict, InvalidInput

KEYS_FOLDER = "keys"


def _fernet() -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"dondoc-signer-keys", info=b"p12-password"
    ).derive(current_app.config["SECRET_KEY"].encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def attach_certificate(
    actor, signer: Signer, p12: bytes, password: str, stamp_png: bytes | None = None
) -> Signer:
    """Give a signer its certificate and key (PKCS#12) and, optionally, its mark's picture."""
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(
            p12, password.encode("utf-8") if password else None
        )
    except ValueError:
        raise InvalidInput(
            "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng.",
            [{"field": "p12", "message": "Kiểm tra lại tệp .p12/.pfx và mật khẩu."}],
        ) from None
    if key is None or certificate is None:
        raise InvalidInput("Tệp PKCS#12 phải chứa cả chứng thư số và khóa bí mật.")
    expires = certificate.not_valid_after_utc
    if expires <= utcnow():
        raise InvalidInput(
            f"Chứng thư số trong tệp đã hết hạn lúc {local_time(expires)}.",
            [{"field": "p12", "message": "Hãy dùng chứng thư số còn hạn."}],
        )
    folder = instance_folder(KEYS_FOLDER)
    name = f"{hashlib.sha256(p12).hexdigest()}.p12"
    path = folder / name
    path.write_bytes(p12)
    os.chmod(path, 0o600)
    signer.certificate_file = f"{KEYS_FOLDER}/{name}"
    signer.certificate_secret = _fernet().encrypt(password.encode("utf-8")).decode("ascii")
    signer.certificate_subject = certificate.subject.rfc4514_string()[:300]
    signer.certificate_expires_at = certificate.not_valid_after_utc.astimezone(UTC)
    if stamp_png is not None:
        signer.stamp_image = _keep_image(stamp_png)
    record_event(
        actor,
        "signer",
        signer.id,
        "attach_certificate",
        after={
            "subject": signer.certificate_subject,
            "expires": str(signer.certificate_expires_at),
        },
    )
    return signer


def _keep_image(png: bytes) -> str:
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InvalidInput("Ảnh chữ ký phải là tệp PNG.")
    name = f"{hashlib.sha256(png).hexdigest()}.png"
    (instance_folder(KEYS_FOLDER) / name).write_bytes(png)
    return f"{KEYS_FOLDER}/{name}"


def has_certificate(signer: Signer | None) -> bool:
    return bool(signer and signer.certificate_file)


def pyhanko_signer(signer: Signer) -> SimpleSigner:
    """Open a signer's key for one signature."""
    path = Path(current_app.instance_path, signer.certificate_file)
    try:
        password = _fernet().decrypt(signer.certificate_secret.encode("ascii"))
    except InvalidToken:
        raise Conflict(
            "Không giải mã được mật khẩu khóa ký số (SECRET_KEY đã đổi?): hãy gắn lại chứng thư."
        ) from None
    loaded = SimpleSigner.load_pkcs12(str(path), passphrase=password)
    if loaded is None:
        raise Conflict(f"Không mở được khóa ký số của {signer.full_name}.")
    return loaded


def stamp_image_path(signer: Signer) -> Path | None:
    return Path(current_app.instance_path, signer.stamp_image) if signer.stamp_image else None
