"""Read the digital signatures of a PDF back: who signed, through which chain, when, and whether
the file is still as signed (valid / updated after signing / modified / untrusted), each distinct
signature once and within a time budget."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from webapp.files import HEAD_BYTES, content_kind, disagreement, instance_folder, kind_label
from webapp.formatting import number
from webapp.signing.budget import (
    BoundedStream,
    Deadline,
    TooComplex,
    byte_range_problem,
    certificates_problem,
    later_work_problem,
)
from webapp.signing.changes import LONG_TERM_ONLY, later_changes
from webapp.signing.child import ChildStopped, run_in_child
from webapp.signing.distinct import FoundSignature, distinct_signatures, duplicates_note
from webapp.signing.pki import CA_CERT

log = logging.getLogger(__name__)

# The largest PDF anyone may have checked.
VERIFY_MAX_BYTES = 50 * 1024 * 1024
VALID, UPDATED, MODIFIED = "valid", "updated", "modified"
UNTRUSTED, UNSIGNED, TOO_COMPLEX = "untrusted", "unsigned", "too_complex"
LABELS = {
    VALID: "Hợp lệ: chữ ký đúng, văn bản chưa bị sửa, chứng thư được tin cậy",
    UPDATED: "Chữ ký đúng nhưng tệp có cập nhật sau khi ký: nội dung đang xem có thể khác bản đã ký",
    MODIFIED: "Văn bản đã bị sửa sau khi ký (hoặc chữ ký hỏng)",
    UNTRUSTED: "Chữ ký đúng nhưng chứng thư không thuộc nơi cấp được tin cậy",
    UNSIGNED: "Tệp không có chữ ký số",
    TOO_COMPLEX: "Tệp quá phức tạp để kiểm tra tại đây",
}
# Seconds past the time budget before the child checking an upload is killed: the check stops
# by itself at the budget; this is for the work no read interrupts.
HARD_LIMIT_GRACE = 1.0


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


def verify_upload(data: bytes) -> list[SignatureReport]:
    """Return verify_pdf's reports on an upload, from a child killed past the time budget."""
    budget = float(current_app.config["VERIFY_TIME_BUDGET_SECONDS"])
    try:
        return run_in_child(verify_pdf, data, seconds=budget + HARD_LIMIT_GRACE)
    except ChildStopped:
        return [SignatureReport(TOO_COMPLEX, details=[Deadline(budget).reason()])]


def verify_pdf(data: bytes) -> list[SignatureReport]:
    """Return one report per distinct signature of the PDF, within the configured bounds."""
    # At most VERIFY_MAX_SIGNATURES, within VERIFY_TIME_BUDGET_SECONDS; one UNSIGNED report
    # when there is none.
    config = current_app.config
    deadline = Deadline(float(config["VERIFY_TIME_BUDGET_SECONDS"]))
    try:
        reader = PdfFileReader(BoundedStream(data, deadline), strict=False)
        found = distinct_signatures(reader, deadline)
    except TooComplex as exc:
        return [SignatureReport(TOO_COMPLEX, details=[str(exc)])]
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError) as exc:
        if deadline.passed:
            return [SignatureReport(TOO_COMPLEX, details=[deadline.reason()])]
        if b"/ByteRange" in data:
            # A signed file that no longer even parses has been changed after signing.
            return [SignatureReport(MODIFIED, details=[f"Không đọc được tệp: {exc}"[:300]])]
        return [SignatureReport(UNSIGNED, details=["Không đọc được tệp PDF."])]
    if not found:
        return [SignatureReport(UNSIGNED)]
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    limit = max(1, int(config["VERIFY_MAX_SIGNATURES"]))
    digests: dict = {}
    reports = []
    for index, signature in enumerate(found[:limit]):
        try:
            deadline.check()
            reports.append(_report(reader, signature, context, deadline, digests, len(data)))
        except TooComplex as exc:
            details = [str(exc)]
            if left := len(found) - index - 1:
                details.append(f"{number(left)} chữ ký sau đó chưa được kiểm tra.")
            reports.append(
                SignatureReport(TOO_COMPLEX, field_name=signature.field_name, details=details)
            )
            return reports
    if len(found) > limit:
        reports.append(
            SignatureReport(
                TOO_COMPLEX,
                details=[
                    f"Tệp có {number(len(found))} chữ ký khác nhau; chỉ {limit} chữ ký đầu được "
                    f"kiểm tra tại đây, {number(len(found) - limit)} chữ ký còn lại chưa được "
                    "kiểm tra."
                ],
            )
        )
    return reports


def _report(
    reader: PdfFileReader,
    found: FoundSignature,
    context: ValidationContext,
    deadline: Deadline,
    digests: dict,
    file_size: int,
) -> SignatureReport:
    """Check one signature, hashing its signed range only when no earlier one had the same."""
    name, duplicates = found.field_name, duplicates_note(found.duplicates)
    try:
        signature = EmbeddedPdfSignature(reader, found.sig_field, name)
    except TooComplex:
        raise
    except Exception as exc:  # a damaged signature dictionary raises many kinds
        deadline.check()
        return SignatureReport(MODIFIED, field_name=name, details=[str(exc)[:300], *duplicates])
    if problem := byte_range_problem(signature.byte_range, file_size):
        return SignatureReport(MODIFIED, field_name=name, details=[problem, *duplicates])
    problem = certificates_problem(signature.signed_data) or later_work_problem(
        reader, signature.signed_revision
    )
    if problem:
        return SignatureReport(TOO_COMPLEX, field_name=name, details=[problem, *duplicates])
    range_key = (tuple(signature.byte_range), signature.external_md_algorithm)
    if range_key in digests:
        signature.external_digests[signature.external_md_algorithm] = digests[range_key]
    try:
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except TooComplex:
        raise
    except Exception as exc:  # a damaged signature dictionary raises many kinds
        deadline.check()
        log.info("signature %s could not be validated: %s", name, exc)
        return SignatureReport(MODIFIED, field_name=name, details=[str(exc)[:300], *duplicates])
    # pyHanko turns some errors into a verdict: one raised by the deadline must not become one.
    deadline.check()
    if digest := signature.external_digests.get(signature.external_md_algorithm):
        digests[range_key] = digest
    verdict, details = _verdict(signature, status)
    deadline.check()  # comparing the revisions reads them too
    return SignatureReport(
        status=verdict,
        signer=status.signing_cert.subject.human_friendly,
        chain=_chain(status),
        signed_at=status.signer_reported_dt,
        timestamped=status.timestamp_validity is not None,
        field_name=name,
        details=details + duplicates,
    )


def _verdict(signature: EmbeddedPdfSignature, status) -> tuple[str, list[str]]:
    """Return the verdict on a validated signature and the details that explain it."""
    level = status.modification_level
    if level is None and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        level = ModificationLevel.OTHER
    changes = later_changes(signature, status.diff_result)
    details = []
    if not status.intact:
        details.append("Nội dung đã ký không còn khớp với mã băm trong chữ ký.")
    elif not status.valid:
        details.append("Giá trị chữ ký không khớp với chứng thư của người ký.")
    if level == ModificationLevel.OTHER or status.docmdp_ok is False:
        details.append("Tệp có phần được thêm sau chữ ký.")
    if details:
        return MODIFIED, details + changes
    trust = []
    if not status.trusted:
        problem = status.trust_problem_indic
        trust.append(f"Không dựng được chuỗi chứng thư tới nơi cấp tin cậy ({problem}).")
    if changes:
        return UPDATED, changes + trust
    if level == ModificationLevel.LTA_UPDATES:
        trust.insert(0, LONG_TERM_ONLY)
    return (VALID if status.trusted else UNTRUSTED), trust


def _chain(status) -> list[str]:
    if status.validation_path is None:
        return [status.signing_cert.subject.human_friendly]
    certificates = status.validation_path.iter_certs(include_root=True)
    return [cert.subject.human_friendly for cert in certificates][::-1]
