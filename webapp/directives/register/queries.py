"""Read the outgoing register (sổ văn bản đi) as the rows of Phụ lục IV."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from webapp.auth.models import User
from webapp.database import by_vietnamese
from webapp.directives.models import Directive, DirectiveState
from webapp.directives.register.models import RegisterEntry
from webapp.documents.models import RenderedDocument
from webapp.extensions import db
from webapp.security import sees_all_units
from webapp.signers.models import IssuingBody, Signer
from workflows.errors import PermissionDenied
from workflows.letters.nd30 import subject_line
from workflows.periods import LOCAL_ZONE

# (key in a row, column heading): the ten columns of the register, Phụ lục IV, in order.
REGISTER_COLUMNS = (
    ("number_text", "Số, ký hiệu văn bản"),
    ("letter_date", "Ngày tháng văn bản"),
    ("title", "Tên loại và trích yếu nội dung văn bản"),
    ("signer", "Người ký"),
    ("recipients", "Nơi nhận văn bản"),
    ("archive", "Đơn vị, người nhận bản lưu"),
    ("copies", "Số lượng bản"),
    ("sent_on", "Ngày chuyển"),
    ("receipt", "Ký nhận"),
    ("note", "Ghi chú"),
)
# Besides one copy per addressee: the archive copy (VT) and the drafting unit's copy.
EXTRA_COPIES = 2


def current_year() -> int:
    """Return this year in Vietnam's time zone."""
    return datetime.now(LOCAL_ZONE).year


def _require_staff(user: User) -> None:
    if not sees_all_units(user):
        raise PermissionDenied(
            "Chỉ Văn phòng, lãnh đạo và quản trị hệ thống được xem sổ văn bản đi."
        )


def register_years(user: User) -> list[int]:
    """Return the years that have a register entry, and this year, newest first."""
    _require_staff(user)
    years = set(db.session.scalars(select(RegisterEntry.year).distinct()))
    years.add(current_year())
    return sorted(years, reverse=True)


def register_bodies(user: User) -> list[IssuingBody]:
    """Return the issuing bodies, each keeping its own register, by name."""
    _require_staff(user)
    return list(db.session.scalars(select(IssuingBody).order_by(by_vietnamese(IssuingBody.name))))


def register_rows(user: User, year: int, issuing_body_id: int | None = None) -> list[dict]:
    """Return the year's register rows, by issuing body then number."""
    _require_staff(user)
    signed_pdf = (
        select(RenderedDocument.id)
        .where(
            RenderedDocument.directive_id == Directive.id,
            RenderedDocument.format == "pdf",
            RenderedDocument.digitally_signed.is_(True),
        )
        .exists()
    )
    stmt = (
        select(RegisterEntry, Directive, IssuingBody, Signer, signed_pdf)
        .join(Directive, RegisterEntry.directive_id == Directive.id)
        .join(IssuingBody, RegisterEntry.issuing_body_id == IssuingBody.id)
        .outerjoin(Signer, Directive.signer_id == Signer.id)
        .where(RegisterEntry.year == year)
        .order_by(by_vietnamese(IssuingBody.name), RegisterEntry.number)
    )
    if issuing_body_id is not None:
        stmt = stmt.where(RegisterEntry.issuing_body_id == issuing_body_id)
    return [_row(*found) for found in db.session.execute(stmt)]


def _row(
    entry: RegisterEntry,
    directive: Directive,
    body: IssuingBody,
    signer: Signer | None,
    digitally_signed: bool,
):
    addressees = [name.strip() for name in directive.addressees or [] if name and name.strip()]
    drafting_unit = (directive.drafting_unit or "").strip()
    return {
        "directive_id": directive.id,
        "issuing_body": body.name,
        "year": entry.year,
        "number": entry.number,
        "number_text": f"{entry.number:02d}/{directive.symbol or body.symbol}",
        "letter_date": _day(directive.letter_date),
        "title": f"{directive.kind.label} {subject_line(directive.subject)}",
        "signer": signer.full_name if signer else "",
        "recipients": "; ".join(addressees),
        "archive": f"VT, {drafting_unit}" if drafting_unit else "VT",
        "copies": len(addressees) + EXTRA_COPIES,
        "sent_on": _day(directive.issued_at.astimezone(LOCAL_ZONE).date())
        if directive.issued_at
        else "",
        "receipt": "",
        "note": "; ".join(
            note
            for note in (
                "Đã ký số" if digitally_signed else "Chưa ký số",
                "Đã thu hồi" if directive.state == DirectiveState.WITHDRAWN else "",
            )
            if note
        ),
    }


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
