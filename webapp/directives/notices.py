"""What a letter's hand-offs tell the people who act next: a submitted draft the leaders who sign,
a returned draft its drafter, a signed letter the office, which must now issue it.

Each notification is keyed by its hand-off, so announcing one twice tells nobody twice.
"""

from __future__ import annotations

from sqlalchemy import select

from webapp.auth.models import Role, User
from webapp.directives.models import Directive
from webapp.extensions import db
from webapp.notifications.operations import notify, send_emails_later, staff_users
from webapp.signers.models import Signer


def letter_title(directive: Directive) -> str:
    """ "Văn bản 05/UBND-VP" once numbered, "Dự thảo công văn chấn chỉnh" before."""
    if directive.number_text:
        return f"Văn bản {directive.number_text}"
    label = directive.kind.label
    return f"Dự thảo {label[:1].lower()}{label[1:]}"


def letter_link(directive: Directive) -> str:
    return f"/directives/{directive.id}"


def _submission(directive: Directive) -> str:
    stamp = directive.submitted_at.isoformat() if directive.submitted_at else "?"
    return f"directive:{directive.id}:submitted:{stamp}"


def tell_signers_of_submission(directive: Directive) -> None:
    """Tell the leaders (and every signer with an account) that a draft waits for signature."""
    signers = db.session.scalars(
        select(User).join(Signer, Signer.user_id == User.id).where(User.active.is_(True))
    )
    notify(
        [*staff_users(Role.LEADER), *signers],
        f"{letter_title(directive)} chờ ký: V/v {directive.subject}",
        "Văn phòng đã trình ký. Mở văn bản để xem, ký duyệt hoặc trả lại.",
        letter_link(directive),
        key=_submission(directive),
    )


def tell_drafter_of_return(directive: Directive) -> None:
    """Tell the draft's author (the office when a leader or the system drafted it) why it came back."""
    drafter = directive.created_by
    if drafter is not None and drafter.active and drafter.role in (Role.OFFICE, Role.ADMIN):
        users = [drafter]
    else:
        users = staff_users(Role.OFFICE)
    notify(
        users,
        f"{letter_title(directive)} bị trả lại: V/v {directive.subject}",
        f"Ý kiến của lãnh đạo: {directive.return_comment}",
        letter_link(directive),
        key=_submission(directive).replace(":submitted:", ":returned:"),
    )


def tell_office_of_signing(directive: Directive) -> None:
    """Tell the office that a letter is signed and numbered: it must now issue it.

    Sent after the signing is committed (directive_signed), so it commits on its own; its key
    makes a second sending add nothing.
    """
    notify(
        staff_users(Role.OFFICE),
        f"{letter_title(directive)} đã ký, chờ ban hành: V/v {directive.subject}",
        "Lãnh đạo đã ký và cấp số. Ban hành để giao nhiệm vụ cho các đơn vị.",
        letter_link(directive),
        key=f"directive:{directive.id}:signed",
    )
    db.session.commit()
    send_emails_later()
