"""Task verbs: issuing, reporting with evidence, deciding, extending, confirming, withdrawing;
who may take each step and which unit's task."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import PDF
from webapp.audit.models import AuditEvent
from webapp.directives.models import DirectiveState
from webapp.extensions import db
from webapp.notifications.models import Notification
from webapp.reports.evidence import Upload, evidence_path
from webapp.reports.models import Evidence, ReportDecision
from webapp.reports.operations import accept_report, comment_report, return_report, submit_report
from webapp.tasks.compliance import evaluate_criteria, order_follow_up, proposals
from webapp.tasks.issuing import issue_directive, withdraw_directive
from webapp.tasks.operations import (
    confirm_compliance,
    decide_extension,
    request_extension,
    start_task,
)
from webapp.tasks.queries import visible_tasks
from workflows.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workflows.letters.apology import ApologyRequest
from workflows.machines.directive import TransitionRefused as LetterRefused
from workflows.machines.task import State, TransitionRefused
from workflows.periods import local_today


def trail(task) -> list[str]:
    stmt = (
        select(AuditEvent.action)
        .where(AuditEvent.entity == "unit_task", AuditEvent.entity_id == str(task.id))
        .order_by(AuditEvent.id)
    )
    return list(db.session.scalars(stmt))


def test_issuing_creates_one_task_per_assignment_and_unit_and_tells_each_unit(issued):
    letter = issued.letter
    expected = {(a.id, link.unit_id) for a in letter.assignments for link in a.unit_links}
    assert {(t.assignment_id, t.unit_id) for t in issued.tasks} == expected
    assert letter.state == DirectiveState.ISSUED and letter.issued_at is not None
    assert {t.state for t in issued.tasks} == {State.NOT_STARTED}
    rate = issued.task("TAMPHUOC", 1)
    assert rate.deadline == rate.assignment.deadline
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == issued.city.anbinh.id)
    ).all()
    assert len(notes) == 1 and letter.number_text in notes[0].subject
    assert trail(rate) == ["create"]


def test_only_the_office_issues_and_only_a_signed_letter(issued):
    with pytest.raises(LetterRefused):
        issue_directive(issued.city.office, issued.letter)
    with pytest.raises(PermissionDenied):
        issue_directive(issued.city.chairman, issued.letter)


def test_a_unit_sees_only_its_own_tasks(issued):
    codes = {t.unit.code for t in visible_tasks(issued.city.anbinh)}
    assert codes == {"ANBINH"}
    assert len(visible_tasks(issued.city.office)) == len(issued.tasks)


def test_a_unit_reports_with_evidence_and_the_leader_accepts(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    start_task(city.anbinh, task)
    report = submit_report(
        city.anbinh,
        task,
        "Đã chấn chỉnh công chức, bấm kết thúc đủ hồ sơ.",
        100,
        [Upload("bien-ban.pdf", PDF)],
    )
    assert task.state == State.REPORTED
    evidence = report.evidence[0]
    assert (evidence.file_name, evidence.content_type) == ("bien-ban.pdf", "application/pdf")
    assert evidence_path(evidence.sha256, evidence.content_type).read_bytes() == PDF
    comment_report(city.office, report, "Minh chứng đầy đủ.")
    accept_report(city.chairman, report, "Đạt.")
    assert task.state == State.ACCEPTED and not task.completed_late
    assert report.decision == ReportDecision.ACCEPTED
    assert trail(task) == ["create", "start", "report", "review_comment", "accept"]


def test_a_returned_report_sends_the_unit_back_to_work(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    report = submit_report(city.anbinh, task, "Đang khắc phục.", 50)
    with pytest.raises(InvalidInput):
        return_report(city.chairman, report, "")
    return_report(city.chairman, report, "Chưa có minh chứng.")
    assert task.state == State.IN_PROGRESS and report.decision == ReportDecision.RETURNED
    with pytest.raises(Conflict):
        accept_report(city.chairman, report)


def test_a_unit_cannot_report_on_another_units_task(issued):
    other = issued.task("ANBINH", 2)
    with pytest.raises(NotFound):
        submit_report(issued.city.tantien, other, "Báo cáo hộ.", 100)
    with pytest.raises(PermissionDenied):
        submit_report(issued.city.office, other, "Văn phòng báo cáo hộ.", 100)
    assert other.state == State.NOT_STARTED


def test_a_unit_cannot_accept_its_own_report(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    report = submit_report(city.anbinh, task, "Đã xong.", 100)
    with pytest.raises(PermissionDenied):
        accept_report(city.anbinh, report)
    with pytest.raises(PermissionDenied):
        accept_report(city.office, report)
    assert task.state == State.REPORTED


def test_a_report_is_checked_whole_before_anything_is_kept(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    fake_pdf = Upload("bao-cao.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(InvalidInput) as refused:
        submit_report(city.anbinh, task, "", 150, [fake_pdf])
    assert {d["field"] for d in refused.value.details} == {"text", "percent"}
    with pytest.raises(InvalidInput) as refused:
        submit_report(city.anbinh, task, "Có tệp lạ.", 100, [fake_pdf])
    assert "theo nội dung" in refused.value.details[0]["message"]
    assert task.state == State.NOT_STARTED
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_evidence_types_are_read_from_their_content(issued, app, monkeypatch):
    city, task = issued.city, issued.task("ANBINH", 2)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    uploads = [
        Upload("../../etc/giai-trinh.docx", docx.getvalue()),
        Upload("C:\\anh chup.jpg", png),  # a PNG, whatever its name says
    ]
    report = submit_report(city.anbinh, task, "Giải trình và ảnh chụp.", 80, uploads)
    assert [(e.file_name, e.content_type) for e in report.evidence] == [
        (
            "giai-trinh.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("anh chup.jpg", "image/png"),
    ]
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_MB", 0)
    other = issued.task("ANBINH", 3)
    with pytest.raises(InvalidInput, match="Tệp minh chứng"):
        submit_report(city.anbinh, other, "Quá lớn.", 100, [Upload("a.pdf", PDF)])


def test_a_report_can_attach_the_apology_letter_made_from_the_template(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    today = local_today()
    apology = ApologyRequest(
        "Bà",
        "Nguyễn Thị Hồng Nhung",
        "đăng ký khai sinh",
        today - timedelta(days=9),
        today - timedelta(days=7),
        today - timedelta(days=2),
        "công chức chậm xử lý",
        "Trần Thị Ánh",
        "Chủ tịch",
    )
    report = submit_report(city.anbinh, task, "Đã xin lỗi người dân.", 100, apology=apology)
    (letter,) = report.evidence
    assert letter.generated and letter.content_type == "application/pdf"
    data = evidence_path(letter.sha256, letter.content_type).read_bytes()
    assert data.startswith(b"%PDF")
    from tests.webapp.documents.letters import pdf_text

    text = " ".join(
        pdf_text(data, evidence_path(letter.sha256, letter.content_type).parent).split()
    )
    assert "ỦY BAN NHÂN DÂN PHƯỜNG AN BÌNH" in text
    assert "Kính gửi: Bà Nguyễn Thị Hồng Nhung." in text
    assert "chân thành xin lỗi Bà" in text


def test_an_apology_with_dates_out_of_order_is_refused(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    today = local_today()
    bad = ApologyRequest(
        "Ông",
        "",
        "khai sinh",
        today,
        today - timedelta(days=1),
        today - timedelta(days=1),
        "chậm",
        "A",
        "Chủ tịch",
    )
    with pytest.raises(InvalidInput) as refused:
        submit_report(city.anbinh, task, "Xin lỗi.", 100, apology=bad)
    fields = {d["field"] for d in refused.value.details}
    assert fields == {"citizen_name", "due_on", "returned_on"}


def test_at_most_two_extensions_decided_by_a_leader(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    first = task.deadline + timedelta(days=10)
    request = request_extension(city.anbinh, task, first, "Cần thêm thời gian rà soát.")
    with pytest.raises(Conflict):
        request_extension(city.anbinh, task, first + timedelta(days=1), "Lần nữa.")
    with pytest.raises(PermissionDenied):
        decide_extension(city.office, request, True)
    decide_extension(city.chairman, request, True)
    assert task.deadline == first and task.extensions_granted == 1
    second = request_extension(city.anbinh, task, first + timedelta(days=5), "Chờ phần mềm.")
    with pytest.raises(InvalidInput):
        decide_extension(city.chairman, second, False, "")
    decide_extension(city.chairman, second, False, "Không có lý do chính đáng.")
    assert task.deadline == first
    third = request_extension(city.anbinh, task, first + timedelta(days=5), "Lần hai.")
    decide_extension(city.chairman, third, True)
    with pytest.raises(Conflict, match="2 lần"):
        request_extension(city.anbinh, task, first + timedelta(days=20), "Lần ba.")
    assert trail(task).count("grant_extension") == 2


def test_accepting_after_the_deadline_is_completion_late(issued):
    city, task = issued.city, issued.task("ANBINH", 2)
    task.deadline = local_today() - timedelta(days=1)
    report = submit_report(city.anbinh, task, "Xong muộn.", 100)
    accept_report(city.chairman, report)
    assert task.completed_late


def test_figures_of_the_next_month_judge_the_criteria_and_propose_the_next_step(issued):
    city = issued.city
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    city.add_month("BUUHOA", "2024-02", resolved_on_time=50, resolved_late=0)
    city.add_month("ANBINH", "2024-02", closed_late_in_software=0, complaints=1)
    checks = evaluate_criteria(["2024-02"])
    by_unit = {(c.task.unit.code, c.task.assignment.position): c for c in checks}
    assert by_unit["TAMPHUOC", 1].met is False and by_unit["TAMPHUOC", 1].value == 90.0
    assert by_unit["TAMPHUOC", 1].repeat_count == 4  # November to February
    assert by_unit["BUUHOA", 1].met is True
    assert by_unit["ANBINH", 2].met is True  # no more forgotten closes
    assert by_unit["ANBINH", 3].met is False  # still complained about
    to_confirm, to_follow = proposals(issued.tasks)
    assert {(p.task.unit.code, p.task.assignment.position) for p in to_confirm} >= {
        ("BUUHOA", 1),
        ("ANBINH", 2),
    }
    failing = {p.task.unit.code: p for p in to_follow}
    assert failing["TAMPHUOC"].flagged and failing["TAMPHUOC"].kind.value == "criticism"
    assert "evaluate" in trail(issued.task("TAMPHUOC", 1))


def test_the_leader_confirms_one_unit_and_orders_a_follow_up_for_another(issued):
    city = issued.city
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    city.add_month("BUUHOA", "2024-02", resolved_on_time=50, resolved_late=0)
    evaluate_criteria(["2024-02"])
    buuhoa = issued.task("BUUHOA", 1)
    with pytest.raises(PermissionDenied):
        confirm_compliance(city.office, buuhoa)
    confirm_compliance(city.chairman, buuhoa, "Đã đạt 100%.")
    assert buuhoa.state == State.CONFIRMED
    with pytest.raises(TransitionRefused):
        confirm_compliance(city.chairman, buuhoa)
    follow_up = order_follow_up(city.chairman, issued.letter, "2024-02")
    assert follow_up.kind.value == "criticism" and follow_up.state == DirectiveState.DRAFT
    leads = {u.code for a in follow_up.assignments for u in a.lead_units}
    assert "TAMPHUOC" in leads and "BUUHOA" not in leads
    assert issued.task("TAMPHUOC", 1).follow_up_directive_id == follow_up.id
    with pytest.raises(Conflict):
        order_follow_up(city.chairman, issued.letter, "2024-02")


def test_the_letter_closes_when_its_last_task_is_confirmed(issued):
    for task in issued.tasks:
        confirm_compliance(issued.city.chairman, task)
    assert issued.letter.state == DirectiveState.CLOSED


def test_withdrawing_a_letter_withdraws_its_open_tasks(issued):
    city = issued.city
    with pytest.raises(InvalidInput):
        withdraw_directive(city.chairman, issued.letter, " ")
    withdraw_directive(city.chairman, issued.letter, "Ban hành nhầm kỳ số liệu.")
    assert issued.letter.state == DirectiveState.WITHDRAWN
    assert {t.state for t in issued.tasks} == {State.WITHDRAWN}
    with pytest.raises(TransitionRefused):
        submit_report(city.anbinh, issued.task("ANBINH", 2), "Muộn rồi.", 100)
