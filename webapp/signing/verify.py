"""Read the digital signatures of a PDF back: who signed, through which chain, when, and whether
the file is still as signed (valid / modified after signing / untrusted)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

from flask import current_app
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from webapp.files import HEAD_BYTES, content_kind, disagreement, instance_folder, kind_label
from webapp.signing.pki import CA_CERT

log = logging.getLogger(__name__)

# The largest PDF anyone may have checked.
VERIFY_MAX_BYTES = 50 * 1024 * 1024
VALID, MODIFIED, UNTRUSTED, UNSIGNED = "valid", "modified", "untrusted", "unsigned"
LABELS = {
    VALID: "Hợp lệ: chữ ký đúng, văn bản chưa bị sửa, chứng thư được tin cậy",
    MODIFIED: "Văn bản đã bị sửa sau khi ký (hoặc chữ ký hỏng)",
    UNTRUSTED: "Chữ ký đúng nhưng chứng thư không thuộc nơi cấp được tin cậy",
    UNSIGNED: "Tệp không có chữ ký số",
}


@dataclass(frozen=True)
class SignatureReport:
    status: str
    signer: str = ""
    chain: list[str] = field(default_factory=list)  # from the signer's certificate to the root
    signed_at: datetime | None = None
    timestamped: bool = False
    field_name: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.status]

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "label": self.label,
            "signer": self.signer,
            "chain": self.chain,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "timestamped": self.timestamped,
            "field": self.field_name,
            "details": self.details,
        }


def trust_roots() -> list:
    """Return the certificates signatures are trusted through (SIGNATURE_TRUST_ROOTS, or the
    demo city's local CA)."""
    configured = current_app.config.get("SIGNATURE_TRUST_ROOTS") or ""
    paths = [Path(p) for p in configured.split(",") if p.strip()]
    if not paths:
        local = instance_folder("pki") / CA_CERT
        paths = [local] if local.is_file() else []
    return [
        cert for path in paths if path.is_file() for cert in load_certs_from_pemder([str(path)])
    ]


def upload_problem(name: str, declared: str | None, data: bytes) -> str | None:
    """Say why an uploaded file cannot be checked (too large, or no PDF whatever its name or
    declared type say), naming it; None when it can be."""
    if len(data) > VERIFY_MAX_BYTES:
        return f"Tệp “{name}” vượt giới hạn {VERIFY_MAX_BYTES // 2**20} MB."
    kind = content_kind(data[:HEAD_BYTES])
    if kind != "pdf":
        return f"Tệp “{name}” là {kind_label(kind)}, không phải tệp PDF: không kiểm tra được."
    return disagreement(name, declared, kind)


def verify_pdf(data: bytes) -> list[SignatureReport]:
    """Return one report per signature of the PDF (one UNSIGNED report when it has none)."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError) as exc:
        if b"/ByteRange" in data:
            # A signed file that no longer even parses has been changed after signing.
            return [SignatureReport(MODIFIED, details=[f"Không đọc được tệp: {exc}"[:300]])]
        return [SignatureReport(UNSIGNED, details=["Không đọc được tệp PDF."])]
    if not signatures:
        return [SignatureReport(UNSIGNED)]
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    return [_report(signature, context) for signature in signatures]


def _report(signature, context: ValidationContext) -> SignatureReport:
    try:
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except Exception as exc:  # a damaged signature dictionary raises many kinds
        log.info("signature %s could not be validated: %s", signature.field_name, exc)
        return SignatureReport(MODIFIED, field_name=signature.field_name, details=[str(exc)[:300]])
    details = []
    changed_after = status.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
        status.modification_level not in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)
    )
    if not (status.intact and status.valid) or changed_after:
        verdict = MODIFIED
        if not status.intact:
            details.append("Nội dung đã ký không còn khớp với mã băm trong chữ ký.")
        if changed_after:
            details.append("Tệp có phần được thêm sau chữ ký.")
    elif not status.trusted:
        verdict = UNTRUSTED
        details.append(
            f"Không dựng được chuỗi chứng thư tới nơi cấp tin cậy ({status.trust_problem_indic})."
        )
    else:
        verdict = VALID
    chain = (
        [
            cert.subject.human_friendly
            for cert in status.validation_path.iter_certs(include_root=True)
        ][::-1]
        if status.validation_path is not None
        else [status.signing_cert.subject.human_friendly]
    )
    return SignatureReport(
        status=verdict,
        signer=status.signing_cert.subject.human_friendly,
        chain=chain,
        signed_at=status.signer_reported_dt,
        timestamped=status.timestamp_validity is not None,
        field_name=signature.field_name,
        details=details,
    )
