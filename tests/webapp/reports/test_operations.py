"""Reports on a task: evidence read by its content, the apology letter, deciding (accept, return),
and who may report on which unit's task."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import PDF
from tests.webapp.trails import task_trail
from webapp.extensions import db
from webapp.reports.evidence import Upload, evidence_path
from webapp.reports.models import Evidence, ReportDecision
from webapp.reports.operations import accept_report, comment_report, return_report, submit_report
from webapp.tasks.operations import (
    start_task,
)
from workflows.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workflows.letters.apology import ApologyRequest
from workflows.machines.task import State
from workflows.periods import local_today


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
    assert task_trail(task) == ["create", "start", "report", "review_comment", "accept"]


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

    folder = evidence_path(letter.sha256, letter.content_type).parent
    text = " ".join(pdf_text(data, folder).split())
    lines = [line.strip() for line in pdf_text(data, folder, "-layout").splitlines()]
    # The ward's own letter: its name over two lines, the place name whole; its own symbol and
    # archive; its own Nơi nhận.
    assert lines[1].startswith("ỦY BAN NHÂN DÂN") and lines[2].startswith("PHƯỜNG AN BÌNH")
    assert "Số: /UBND " in " ".join(lines[3].split()) + " "
    assert "- Lưu: VT." in text and "- UBND thành phố Biên Hòa (để báo cáo);" in text
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
