"""The city every row of the role matrix is tried in, built once and shared by its tests.

The small city's January letter is issued (every unit has a task, An Bình three); An Bình has
reported on one task with an evidence file and asked for more time on another; a reminder batch
was drafted and An Bình's reminder signed and issued to it alone; three more letters wait as a
draft, a submitted one and a signed one; February's dossiers of An Bình and Tân Tiến were
imported; January's results are published; the admin has uploaded a notice template; the
chairman signs with a certificate of the local CA.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests import factories
from tests.factories import PDF, issue_january, small_city
from tests.import_headers import DOSSIER_HEADER
from webapp.auth.models import Role, User
from webapp.auth.operations import issue_api_token
from webapp.directives.batch.operations import draft_reminders, start_batch_rendering
from webapp.directives.operations import approve_directive, draft_directive, submit_directive
from webapp.documents.render import DOC_TEMPLATES, builtin_version
from webapp.documents.storage import letter_file, render_and_store
from webapp.documents.templates_admin import upload_template_version
from webapp.exemptions.operations import request_exemption
from webapp.extensions import db
from webapp.files import instance_folder
from webapp.grounds.operations import add_ground
from webapp.imports.operations import import_file
from webapp.notifications.models import Notification
from webapp.notifications.operations import notify, staff_users
from webapp.publication.operations import publish_period
from webapp.reports.evidence import Upload
from webapp.reports.operations import submit_report
from webapp.signing.appearance import draw_mark
from webapp.signing.keys import attach_certificate
from webapp.signing.pki import Issued, issue_signing_certificate, local_ca
from webapp.stats.models import FIGURE_FIELDS, ReportedFigures, UnitPeriodFigures
from webapp.tasks.issuing import issue_directive
from webapp.tasks.operations import request_extension
from webapp.units.operations import update_unit

TARGET_UNIT = ("ANBINH", "UBND phường An Bình")
OTHER_UNIT = ("TANTIEN", "UBND phường Tân Tiến")
USERNAMES = {
    "office": "vanphong",
    "leader": "chutich",
    "admin": "quantri",
    "unit_own": "anbinh",
    "unit_other": "tantien",
}
ORGANIZATION = "UBND thành phố Biên Hòa"
TEMPLATE_FILES = ("template.docx", "template.html", "style.css", "metadata.yaml")


@dataclass
class World:
    """What the rows are about: object ids by name, each actor's API token, some files."""

    ids: dict[str, int | str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


def dossiers_csv(*rows: tuple) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([DOSSIER_HEADER, *rows])
    return out.getvalue().encode()


def on_time_and_closed_late(unit_code: str, prefix: str, month: str) -> list[tuple]:
    """One dossier finished on time, one returned on time but closed late: 50 %, forgot to close."""
    return [
        (
            f"{prefix}-1",
            unit_code,
            "1.000001",
            "online",
            f"02/{month}/2024 08:00",
            f"10/{month}/2024 17:00",
            f"05/{month}/2024 10:00",
            f"05/{month}/2024 10:00",
        ),
        (
            f"{prefix}-2",
            unit_code,
            "1.000001",
            "online",
            f"03/{month}/2024 08:00",
            f"11/{month}/2024 17:00",
            f"10/{month}/2024 09:00",
            f"15/{month}/2024 09:00",
        ),
    ]


# HS-AB-2 is disputed (a request for exemption waits); HS-AB-3, late too, is not yet.
FEBRUARY_DOSSIERS = dossiers_csv(
    *on_time_and_closed_late(TARGET_UNIT[0], "HS-AB", "02"),
    (
        "HS-AB-3",
        TARGET_UNIT[0],
        "1.000001",
        "direct",
        "04/02/2024 08:00",
        "08/02/2024 17:00",
        "",
        "16/02/2024 09:00",
    ),
    *on_time_and_closed_late(OTHER_UNIT[0], "HS-TT", "02"),
)


def template_uploads(kind: str) -> dict[str, FileStorage]:
    """A kind's built-in template files as uploads."""
    return {
        name: FileStorage(io.BytesIO((DOC_TEMPLATES / kind / name).read_bytes()), filename=name)
        for name in TEMPLATE_FILES
    }


# The notice's templates with one more style rule: a version the world does not have yet.
DOC_TEMPLATES_FOR_UPLOAD = (
    ("docx", "template.docx", (DOC_TEMPLATES / "notice" / "template.docx").read_bytes()),
    ("html", "template.html", (DOC_TEMPLATES / "notice" / "template.html").read_bytes()),
    (
        "css",
        "style.css",
        (DOC_TEMPLATES / "notice" / "style.css").read_bytes() + b"\n.ghi-chu { color: #333; }\n",
    ),
)


def build_world(folder: Path) -> World:
    """Build the city in the current transaction and return what the rows need."""
    world = World()
    city = small_city()
    _keep_reported_figures()
    target = factories.user("office", username="muc-tieu", display_name="Người dùng mục tiêu")
    update_unit(None, city.units["ANBINH"], name=TARGET_UNIT[1], kind="ward")
    _give_certificate(city.chairman.signer)
    db.session.commit()

    issued = issue_january(city)
    render_and_store(issued.letter)
    reported, extended, fresh = (issued.task("ANBINH", n) for n in (2, 3, 4))
    report = submit_report(
        city.anbinh, reported, "Đã khắc phục.", 100, [Upload("bien-ban.pdf", PDF)]
    )
    extension = request_extension(
        city.anbinh, extended, extended.deadline + timedelta(days=10), "Cần thêm thời gian."
    )
    db.session.commit()

    batch = draft_reminders(city.office, "2024-01")
    db.session.commit()
    start_batch_rendering(batch)
    reminder = next(d for d in batch.directives if _leads(d) == {"ANBINH"})
    submit_directive(city.office, reminder)
    approve_directive(city.chairman, reminder)
    issue_directive(city.office, reminder)
    render_and_store(reminder)
    db.session.commit()

    draft = draft_directive(city.office, "2024-01")
    submitted = submit_directive(city.office, draft_directive(city.office, "2024-01"))
    signed = draft_directive(city.office, "2024-01")
    submit_directive(city.office, signed)
    approve_directive(city.chairman, signed)
    db.session.commit()

    path = folder / "ho-so-thang-02.csv"
    path.write_bytes(FEBRUARY_DOSSIERS)
    run = import_file(None, "dossiers", path, path.name)
    ground = add_ground(
        city.office, "plan", "394/KH-UBND", date(2024, 1, 8), "UBND thành phố", "về cải cách"
    )
    exemption = request_exemption(
        city.anbinh,
        "HS-AB-2",
        "software_error",
        "Phần mềm lỗi, không bấm kết thúc được.",
        [Upload("bien-ban.pdf", PDF)],
    )
    publish_period(city.office, "2024-01")
    upload_template_version(city.admin, "notice", template_uploads("notice"))
    notify(staff_users(Role.ADMIN), "Đã áp dụng mẫu thông báo kết quả mới.")
    db.session.commit()

    renewal = _new_certificate(city.deputy.signer)
    world.ids = {
        "target": target.id,
        "run": run.id,
        "exemption": exemption.id,
        "ground": ground.id,
        "exemption_evidence": exemption.evidence[0].id,
        "letter": issued.letter.id,
        "reminder": reminder.id,
        "draft": draft.id,
        "submitted": submitted.id,
        "signed": signed.id,
        "batch": batch.id,
        "task": fresh.id,
        "other_task": issued.task("TANTIEN").id,
        "reported_task": reported.id,
        "report": report.id,
        "evidence": report.evidence[0].id,
        "extension_task": extended.id,
        "extension": extension.id,
        "note": _first_notification(city.anbinh),
        "builtin_notice": builtin_version("notice"),
        "signer": city.deputy.signer.id,
        "p12_password": renewal.password,
    }
    users = {actor: _user(name) for actor, name in USERNAMES.items()}
    world.tokens = {actor: issue_api_token(None, user) for actor, user in users.items()}
    world.files = {"signed_pdf": letter_file(reminder, "pdf"), "renewal_p12": renewal.p12}
    db.session.commit()
    return world


def _keep_reported_figures() -> None:
    """Record the small city's figures as reported, so that figures recomputed on import keep them."""
    for figures in db.session.scalars(select(UnitPeriodFigures)):
        db.session.add(
            ReportedFigures(
                unit_id=figures.unit_id,
                period=figures.period,
                **{name: getattr(figures, name) for name in FIGURE_FIELDS},
            )
        )
    db.session.flush()


def _new_certificate(signer) -> Issued:
    ca = local_ca(instance_folder("pki"), ORGANIZATION)
    return issue_signing_certificate(ca, signer.full_name, ORGANIZATION)


def _give_certificate(signer) -> None:
    issued = _new_certificate(signer)
    db.session.flush()
    mark = draw_mark(signer.full_name, ORGANIZATION)
    attach_certificate(None, signer, issued.p12, issued.password, mark)


def _leads(directive) -> set[str]:
    return {unit.code for item in directive.assignments for unit in item.lead_units}


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _first_notification(user: User) -> int:
    stmt = select(Notification.id).where(Notification.user_id == user.id).order_by(Notification.id)
    return db.session.scalars(stmt).first()
