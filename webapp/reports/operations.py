"""A unit reports on its task with evidence; the office comments; the leader accepts or returns it.

Each step checks the role and the unit, asks the task machine, writes the task's audit trail and
tells whom it concerns; the caller commits.
"""

from __future__ import annotations

from sqlalchemy import select

from webapp.auth.models import User
from webapp.database import utcnow
from webapp.directives.models import Assignment, Directive, LetterKind
from webapp.documents.context import letter_context
from webapp.documents.render import render_pdf
from webapp.events import report_decided, report_submitted
from webapp.extensions import db
from webapp.files import clean_file_name
from webapp.reports.evidence import CheckedFile, Upload, check_uploads, store
from webapp.reports.models import Evidence, Report, ReportDecision
from webapp.reports.policies import DECIDERS, REVIEWERS
from webapp.security import require_actor
from webapp.signers.models import IssuingBody, Signer
from webapp.tasks.models import UnitTask
from webapp.tasks.operations import record_step, require_own_task
from webapp.text import user_text
from webapp.units.models import UnitKind
from workflows.errors import Conflict, InvalidInput, PermissionDenied
from workflows.letters.annex import body_in_sentence
from workflows.letters.apology import ApologyRequest, apology_letter
from workflows.machines import task as machine
from workflows.periods import local_today

TEXT_MAX = 5000
COMMENT_MAX = 2000


def submit_report(
    actor: User,
    task: UnitTask,
    text: str,
    percent: int | None,
    uploads: list[Upload] = (),
    apology: ApologyRequest | None = None,
    *,
    checked_files: list[CheckedFile] | None = None,
) -> Report:
    """Report on a task with evidence files (and the apology letter, when asked); every problem
    of the report is listed and nothing is kept unless all is right. Files checked already (one
    set shared by several reports) come as `checked_files`."""
    require_own_task(actor, task, "Chỉ đơn vị được giao mới báo cáo kết quả nhiệm vụ.")
    before = task.state
    target = machine.guard(task.state, machine.Action.REPORT)
    text = _report_text(text, percent)
    if checked_files is None:
        checked_files = check_uploads(list(uploads))
    files = [(checked, False) for checked in checked_files]
    if apology is not None:
        files.append((_apology_file(task, apology), True))
    report = Report(task=task, author_id=actor.id, text=text, percent=percent)
    for checked, generated in files:
        report.evidence.append(
            Evidence(
                file_name=checked.file_name,
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=store(checked),
                generated=generated,
            )
        )
    db.session.add(report)
    task.state = target
    task.reported_at = utcnow()
    db.session.flush()
    record_step(
        actor,
        task,
        "report",
        before,
        text[:200],
        report_id=report.id,
        percent=percent,
        files=[{"name": e.file_name, "sha256": e.sha256} for e in report.evidence],
    )
    report_submitted.send(report)
    return report


def submit_reports(
    actor: User,
    directive: Directive,
    task_ids: list[int],
    text: str,
    percent: int | None,
    uploads: list[Upload] = (),
) -> list[Report]:
    """Report on several of the unit's tasks of one letter at once: one report per chosen task,
    sharing the text and the evidence (each file checked and stored once, every report's
    evidence pointing at it). All are kept, or none."""
    if actor is None or actor.unit_id is None:
        raise PermissionDenied("Chỉ đơn vị được giao mới báo cáo kết quả nhiệm vụ.")
    own = {task.id: task for task in unit_tasks_of(actor, directive)}
    chosen = [own[i] for i in dict.fromkeys(task_ids) if i in own]
    if len(chosen) != len(dict.fromkeys(task_ids)):
        raise InvalidInput(
            "Chỉ chọn được nhiệm vụ của đơn vị trong văn bản này.",
            [{"field": "task", "message": "Có nhiệm vụ không thuộc văn bản này của đơn vị."}],
        )
    if not chosen:
        raise InvalidInput(
            "Chưa chọn nhiệm vụ nào để báo cáo.",
            [{"field": "task", "message": "Chọn ít nhất một nhiệm vụ."}],
        )
    closed = [t for t in chosen if t.state not in machine.WORKING]
    if closed:
        raise Conflict(
            "Không báo cáo được nhiệm vụ "
            + ", ".join(str(t.assignment.position) for t in closed)
            + ": nhiệm vụ không còn chờ báo cáo. Chưa báo cáo nào được gửi."
        )
    _report_text(text, percent)
    checked = check_uploads(list(uploads))
    return [submit_report(actor, task, text, percent, checked_files=checked) for task in chosen]


def unit_tasks_of(actor: User, directive: Directive) -> list[UnitTask]:
    """The actor's unit's tasks of one letter, by assignment."""
    stmt = (
        select(UnitTask)
        .join(Assignment, Assignment.id == UnitTask.assignment_id)
        .where(Assignment.directive_id == directive.id, UnitTask.unit_id == actor.unit_id)
        .order_by(Assignment.position, UnitTask.id)
    )
    return list(db.session.scalars(stmt))


def _report_text(text: str, percent: int | None) -> str:
    """The report's text, cleaned; every problem of the text and the percentage listed."""
    text = user_text(text)
    problems = []
    if not text or len(text) > TEXT_MAX:
        problems.append({"field": "text", "message": f"Nội dung cần từ 1 đến {TEXT_MAX} ký tự."})
    if percent is None or not 0 <= percent <= 100:
        problems.append({"field": "percent", "message": "Mức độ hoàn thành từ 0 đến 100 (%)."})
    if problems:
        raise InvalidInput("Báo cáo chưa hợp lệ.", problems)
    return text


def comment_report(actor: User, report: Report, comment: str) -> Report:
    """Add the office's remarks to a report waiting for the leader."""
    require_actor(actor, REVIEWERS, "Chỉ Văn phòng được ghi ý kiến rà soát báo cáo.")
    comment = _comment(comment, required=True)
    if report.decision != ReportDecision.PENDING:
        raise Conflict("Báo cáo đã được lãnh đạo quyết định, không ghi thêm ý kiến rà soát.")
    report.office_comment = comment
    report.office_commented_at = utcnow()
    record_step(
        actor, report.task, "review_comment", report.task.state, comment, report_id=report.id
    )
    return report


def accept_report(actor: User, report: Report, comment: str = "") -> Report:
    """Accept a report (đạt): the task is done, late when after its deadline."""
    require_actor(actor, DECIDERS, "Chỉ lãnh đạo được xác nhận kết quả báo cáo.")
    comment = _comment(comment)
    task = _pending_task(report)
    before = task.state
    task.state = machine.guard(task.state, machine.Action.ACCEPT)
    task.accepted_at = utcnow()
    task.completed_late = machine.completed_late(task.deadline, local_today())
    _decide(actor, report, ReportDecision.ACCEPTED, comment)
    record_step(
        actor, task, "accept", before, comment, report_id=report.id, late=task.completed_late
    )
    report_decided.send(report)
    return report


def return_report(actor: User, report: Report, comment: str) -> Report:
    """Return a report (chưa đạt) with the reason: the unit works on."""
    require_actor(actor, DECIDERS, "Chỉ lãnh đạo được trả lại báo cáo.")
    comment = _comment(comment, required=True)
    task = _pending_task(report)
    before = task.state
    task.state = machine.guard(task.state, machine.Action.RETURN, comment)
    _decide(actor, report, ReportDecision.RETURNED, comment)
    record_step(actor, task, "return", before, comment, report_id=report.id)
    report_decided.send(report)
    return report


APOLOGY_PREFIX = "Van-ban-xin-loi"


def _apology_file(task: UnitTask, request: ApologyRequest) -> CheckedFile:
    """Render the apology letter to PDF with the apology template."""
    words = apology_letter(task.unit.name, request)
    city = db.session.scalar(select(IssuingBody).order_by(IssuingBody.id).limit(1))
    local = task.unit.kind in (UnitKind.WARD, UnitKind.COMMUNE)
    letter = Directive(
        kind=LetterKind.APOLOGY,
        issuing_body=IssuingBody(
            name=words.issuer_name,
            parent_name=_short_name(city.name) if city else "",
            place=words.place if local else (city.place if city else words.place),
            symbol="UBND" if local else "",
        ),
        signer=Signer(
            full_name=request.signer_name.strip(),
            title=request.signer_title.strip().upper(),
            authority="TM. ỦY BAN NHÂN DÂN" if local else "",
        ),
        subject=words.subject,
        addressees=[words.addressee],
        opening=list(words.opening),
        lead_in="",
        assignments=[],
        closing=list(words.closing),
        # The ward's own letter: its own Nơi nhận and its own archive ("Lưu: VT.").
        recipients=[f"{_in_sentence_short(city.name) if city else 'UBND'} (để báo cáo)"],
        drafting_unit="",
        letter_date=local_today(),
    )
    data = render_pdf(letter_context(letter), LetterKind.APOLOGY.value)
    name = clean_file_name(f"{APOLOGY_PREFIX}-{request.citizen_name}.pdf")
    return CheckedFile(name, "pdf", data)


def _in_sentence_short(name: str) -> str:
    """ "UBND thành phố Biên Hòa" for "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA", as a Nơi nhận line."""
    return "UBND " + body_in_sentence(name).removeprefix("Ủy ban nhân dân ")


def _short_name(name: str) -> str:
    """Return "UBND THÀNH PHỐ BIÊN HÒA" for "ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA"."""
    return name.replace("ỦY BAN NHÂN DÂN", "UBND", 1)


def _pending_task(report: Report) -> UnitTask:
    if report.decision != ReportDecision.PENDING:
        raise Conflict(f"Báo cáo này đã được quyết định ({report.decision.label}).")
    return report.task


def _decide(actor: User, report: Report, decision: ReportDecision, comment: str) -> None:
    report.decision = decision
    report.decided_by_id = actor.id
    report.decided_at = utcnow()
    report.decision_comment = comment


def _comment(comment: str, required: bool = False) -> str:
    comment = user_text(comment)
    if (required and not comment) or len(comment) > COMMENT_MAX:
        raise InvalidInput(
            "Cần ghi ý kiến." if required and not comment else "Ý kiến dài quá.",
            [{"field": "comment", "message": f"Ý kiến từ 1 đến {COMMENT_MAX} ký tự."}],
        )
    return comment
