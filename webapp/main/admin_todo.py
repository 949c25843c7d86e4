"""What waits for an administrator: locked accounts, certificates about to expire, failed imports."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import aliased, selectinload

from webapp.auth.models import Role, User
from webapp.auth.queries import locked_accounts
from webapp.imports.models import ImportRun, ImportStatus
from webapp.main.todo_kinds import (
    CERTIFICATE_WARNING_DAYS,
    FAILED_IMPORT_DAYS,
    Item,
    Kind,
    Moment,
    day_text,
    nothing,
)
from webapp.signers.models import Signer

LOCKED = Kind(
    "locked-accounts",
    "Tài khoản đang bị tạm khóa do đăng nhập sai",
    lambda user, moment: locked_accounts(moment.now) if user.role == Role.ADMIN else nothing(User),
    lambda stmt: stmt.order_by(User.username),
    lambda row, m: Item(
        f"{row[0].display_name} ({row[0].username})",
        url_for("admin.users"),
        f"{row[1]} lần đăng nhập sai, lần cuối {day_text(row[2])}",
    ),
)


def _expiring(user: User, moment: Moment) -> Select:
    if user.role != Role.ADMIN:
        return nothing(Signer)
    return select(Signer).where(
        Signer.active,
        Signer.certificate_file != "",
        Signer.certificate_expires_at < moment.now + timedelta(days=CERTIFICATE_WARNING_DAYS),
    )


def _certificate_item(signer: Signer, moment: Moment) -> Item:
    expired = signer.certificate_expires_at < moment.now
    return Item(
        f"{signer.full_name} · {signer.title}",
        url_for("signers.certificate", signer_id=signer.id),
        ("Đã hết hạn " if expired else "Hết hạn ") + day_text(signer.certificate_expires_at),
        late=expired,
    )


CERTIFICATES = Kind(
    "certificates",
    f"Chứng thư số hết hạn trong {CERTIFICATE_WARNING_DAYS} ngày",
    _expiring,
    lambda stmt: stmt.order_by(Signer.certificate_expires_at, Signer.id),
    _certificate_item,
    (selectinload(Signer.user),),
)


# Built once: making an alias costs more than the rest of the statement.
LATER_IMPORT = aliased(ImportRun)


def _failed_imports(user: User, moment: Moment) -> Select:
    if user.role != Role.ADMIN:
        return nothing(ImportRun)
    later = LATER_IMPORT
    since = moment.now - timedelta(days=FAILED_IMPORT_DAYS)
    return select(ImportRun).where(
        ImportRun.status == ImportStatus.FAILED,
        ImportRun.created_at >= since,
        ~exists().where(
            and_(
                later.kind == ImportRun.kind,
                later.id > ImportRun.id,
                later.status == ImportStatus.DONE,
            )
        ),
    )


FAILED_IMPORTS = Kind(
    "failed-jobs",
    "Tác vụ nền không thành công (nhập số liệu)",
    _failed_imports,
    lambda stmt: stmt.order_by(ImportRun.id.desc()),
    lambda run, m: Item(
        f"{run.kind.label}: {run.file_name}",
        url_for("imports.show", run_id=run.id),
        f"Bắt đầu {day_text(run.created_at)}" + (f" · {run.note}" if run.note else ""),
    ),
    more=lambda: url_for("imports.index"),
)
