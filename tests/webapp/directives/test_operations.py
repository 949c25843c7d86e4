"""Directive verbs: who may draft, edit, submit, sign and return, in which state, with what trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from tests.factories import JANUARY, LOCAL, lead_codes, small_city
from webapp.audit.models import AuditEvent
from webapp.directives.models import DirectiveState, LetterKind
from webapp.directives.operations import (
    after_signing,
    approve_directive,
    draft_directive,
    issuer_level,
    return_directive,
    submit_directive,
    update_draft,
)
from webapp.directives.queries import directive_or_404, visible_directives
from webapp.documents.render import builtin_version
from webapp.extensions import db
from webapp.grounds.operations import add_ground, set_ground_active
from workflows.errors import Conflict, InvalidInput, PermissionDenied
from workflows.machines.directive import TransitionRefused
from workflows.periods import local_today


@pytest.fixture
def city(app):
    built = small_city()
    db.session.commit()
    return built


@pytest.fixture
def draft(city):
    return draft_directive(city.office, "2024-01")


@pytest.fixture
def submitted(city, draft):
    return submit_directive(city.office, draft)


def events(directive) -> list[AuditEvent]:
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == "directive", AuditEvent.entity_id == str(directive.id))
        .order_by(AuditEvent.id)
    )
    return list(db.session.scalars(stmt))


def one_assignment(city, **fields) -> dict:
    return {
        "heading": "Giao Phòng Nội vụ thành phố",
        "text": "Theo dõi việc khắc phục.",
        "lead_unit_codes": ["NV"],
        **fields,
    }


def test_the_office_drafts_a_directive_from_the_months_findings(city, draft):
    assert draft.state == DirectiveState.DRAFT
    assert draft.kind == LetterKind.DIRECTIVE
    assert draft.period == "2024-01"
    assert draft.subject.startswith("kết quả giải quyết hồ sơ thủ tục hành chính tháng 01/2024")
    assert draft.symbol == "UBND-VP"
    assert draft.drafting_unit == "VP"
    assert draft.number is None and draft.letter_date is None
    assert draft.created_by_id == city.office.id
    # The deputy who signs "KT. CHỦ TỊCH" is proposed; the leader who signs becomes the signer.
    assert draft.signer == city.deputy.signer
    assert lead_codes(draft) == [
        JANUARY["rate_below_threshold"],
        JANUARY["closed_late_in_software"],
        JANUARY["complaints"],
        set(LOCAL),
        {"VHTT"},
        {"NV"},
    ]
    assert [item.position for item in draft.assignments] == [1, 2, 3, 4, 5, 6]
    fixes, ongoing = draft.assignments[:3], draft.assignments[3:]
    assert {item.deadline for item in fixes} == {local_today() + timedelta(days=15)}
    assert {item.deadline for item in ongoing} == {None}
    assert draft.addressees == [
        "Phòng Văn hóa và Thông tin thành phố",
        "Phòng Nội vụ thành phố",
        "UBND các phường, xã",
    ]
    assert "Tam Phước (03 lần trong 12 tháng)" in draft.assignments[0].text
    [event] = events(draft)
    assert (event.action, event.actor_name) == ("draft", "vanphong")
    assert event.after["state"] == "draft"
    assert len(event.after["assignments"]) == 6


def test_deadline_days_come_from_the_configuration_and_grounds_from_those_kept(
    app, city, monkeypatch
):
    monkeypatch.setitem(app.config, "DIRECTIVE_DEADLINE_DAYS", 7)
    plan = add_ground(city.office, "plan", "394/KH-UBND", date(2024, 1, 8), "UBND thành phố", "")
    retired = add_ground(city.office, "letter", "9/UBND-VP", date(2023, 5, 2), "UBND thành phố", "")
    set_ground_active(city.office, retired, False)

    directive = draft_directive(city.admin, "2024-01")

    assert directive.opening[0].startswith(
        "Căn cứ Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành phố; qua xem xét"
    )
    assert directive.ground_ids == [plan.id]
    assert directive.assignments[0].deadline == local_today() + timedelta(days=7)


@pytest.mark.parametrize("who", ["chairman", "anbinh"])
def test_only_the_office_and_admin_draft(city, who):
    with pytest.raises(PermissionDenied):
        draft_directive(getattr(city, who), "2024-01")


@pytest.mark.parametrize(
    ("period", "kind", "field"),
    [("2023-10", "directive", "period"), ("2024-13", "directive", "period")]
    + [("2024-01", "apology", "kind"), ("2024-01", "memo", "kind")],
)
def test_drafting_refuses_a_month_without_figures_and_undraftable_kinds(city, period, kind, field):
    with pytest.raises(InvalidInput) as refused:
        draft_directive(city.office, period, kind)

    assert refused.value.details[0]["field"] == field


def test_other_kinds_are_drafted_too(city):
    notice = draft_directive(city.office, "2024-01", "notice")
    criticism = draft_directive(city.office, "2024-01", "criticism")
    reminder = draft_directive(city.office, "2024-01", "reminder")

    assert notice.kind == LetterKind.NOTICE and notice.assignments == []
    assert [row[1] for row in notice.table["rows"]] == [
        "Phòng Nội vụ thành phố",
        "UBND phường An Bình",
        "UBND phường Bửu Hòa",
        "UBND xã Hiệp Hòa",
        "UBND phường Tam Phước",
        "UBND phường Tân Tiến",
    ]
    assert [row[-1] for row in notice.table["rows"] if "Tam Phước" in row[1]] == ["91,67"]
    assert lead_codes(criticism) == [{"TAMPHUOC"}, {"NV"}]
    assert criticism.addressees == ["UBND phường Tam Phước"]
    assert reminder.addressees == [
        "UBND phường Bửu Hòa",
        "UBND phường Tam Phước",
        "UBND phường An Bình",
    ]
    with pytest.raises(Conflict):
        draft_directive(city.office, "2023-11", "criticism")


def test_a_reminder_cites_the_last_signed_letter_of_an_earlier_month(city):
    earlier = draft_directive(city.office, "2023-12")
    submit_directive(city.office, earlier)
    approve_directive(city.chairman, earlier)

    reminder = draft_directive(city.office, "2024-01", "reminder")

    day = local_today().strftime("%d/%m/%Y")
    assert reminder.opening[0].startswith(f"Thực hiện Văn bản số 01/UBND-VP ngày {day}")


def test_the_office_edits_a_draft_and_the_trail_keeps_before_and_after(city, draft):
    changes = {
        "subject": "V/v chấn chỉnh việc giải quyết hồ sơ",
        "addressees": ["UBND các phường, xã", "  "],
        "lead_in": "Chủ tịch UBND thành phố yêu cầu:",
        "signer_id": city.chairman.signer.id,
        "assignments": [
            one_assignment(
                city,
                deadline="2024-02-15",
                sub_items=["Rà soát", "Báo cáo"],
                supporting_unit_codes=["VHTT", "VHTT"],
            ),
            one_assignment(city, heading=draft.assignments[0].heading, deadline=date(2024, 3, 1)),
        ],
    }

    update_draft(city.office, draft, changes)

    assert draft.subject == "chấn chỉnh việc giải quyết hồ sơ"
    assert draft.addressees == ["UBND các phường, xã"]
    assert draft.signer == city.chairman.signer
    first, second = draft.assignments
    assert (first.position, first.deadline, first.sub_items) == (
        1,
        date(2024, 2, 15),
        ["Rà soát", "Báo cáo"],
    )
    assert [u.code for u in first.lead_units] == ["NV"]
    assert [u.code for u in first.supporting_units] == ["VHTT"]
    # An item that keeps its heading keeps its measurable criterion.
    assert first.criterion is None
    assert second.criterion == {"figure": "on_time_rate", "op": ">=", "value": 97.0}
    event = events(draft)[-1]
    assert event.action == "update"
    assert len(event.before["assignments"]) == 6
    assert event.after["assignments"][0]["supporting_unit_codes"] == ["VHTT"]
    assert event.after["subject"] == "chấn chỉnh việc giải quyết hồ sơ"


def test_a_bad_edit_lists_every_problem_and_changes_nothing(city, draft):
    subject = draft.subject
    changes = {
        "subject": "x" * 501,
        "addressees": [],
        "number": 5,
        "signer_id": 10_000,
        "assignments": [
            one_assignment(city, text=" ", lead_unit_codes=["KHONGCO"], deadline="24/02/2024"),
            one_assignment(city, supporting_unit_codes=["NV"], criterion={"figure": "x"}),
            one_assignment(city, lead_unit_codes=[], extra=1),
        ],
    }

    with pytest.raises(InvalidInput) as refused:
        update_draft(city.office, draft, changes)

    fields = {problem["field"] for problem in refused.value.details}
    assert fields == {
        "subject",
        "addressees",
        "number",
        "signer_id",
        "assignments.0.text",
        "assignments.0.lead_unit_codes",
        "assignments.0.deadline",
        "assignments.1.supporting_unit_codes",
        "assignments.1.criterion",
        "assignments.2.lead_unit_codes",
        "assignments.2.extra",
    }
    messages = " ".join(problem["message"] for problem in refused.value.details)
    assert "Không có đơn vị mã “KHONGCO”." in messages
    assert "Dài tối đa 500 ký tự" in messages
    assert draft.subject == subject
    assert len(draft.assignments) == 6
    assert [event.action for event in events(draft)] == ["draft"]


def test_a_signer_of_another_body_or_a_wrong_type_is_refused(city, draft):
    with pytest.raises(InvalidInput) as refused:
        update_draft(city.office, draft, {"signer_id": "1", "opening": "một đoạn"})

    assert {p["field"] for p in refused.value.details} == {"signer_id", "opening"}


def test_only_drafts_and_returned_letters_are_edited_and_only_by_the_office(city, submitted):
    with pytest.raises(TransitionRefused):
        update_draft(city.office, submitted, {"lead_in": "Khác"})
    with pytest.raises(PermissionDenied):
        update_draft(city.chairman, submitted, {"lead_in": "Khác"})


def test_submit_moves_a_draft_to_the_leader(city, draft):
    submit_directive(city.office, draft)

    assert draft.state == DirectiveState.SUBMITTED
    assert draft.submitted_at is not None
    event = events(draft)[-1]
    assert (event.action, event.before, event.after) == (
        "submit",
        {"state": "draft"},
        {"state": "submitted"},
    )
    with pytest.raises(TransitionRefused):
        submit_directive(city.office, draft)


def test_a_leader_or_unit_cannot_submit_and_a_letter_without_addressees_cannot_go(city, draft):
    with pytest.raises(PermissionDenied):
        submit_directive(city.chairman, draft)
    draft.addressees = []
    with pytest.raises(InvalidInput):
        submit_directive(city.office, draft)
    assert draft.state == DirectiveState.DRAFT


def test_the_leader_signs_with_his_own_signature_and_takes_the_number(city, submitted):
    approve_directive(city.chairman, submitted)

    assert submitted.state == DirectiveState.SIGNED
    assert submitted.number_text == "01/UBND-VP"
    assert submitted.signer == city.chairman.signer
    assert submitted.signed_by_id == city.chairman.id
    assert submitted.signed_at is not None
    assert submitted.letter_date == local_today()
    assert submitted.template_version == builtin_version("directive")
    event = events(submitted)[-1]
    assert event.action == "approve"
    assert event.before == {"state": "submitted"}
    assert event.after["state"] == "signed"
    assert event.after["number"] == "01/UBND-VP"
    with pytest.raises(TransitionRefused):
        approve_directive(city.chairman, submitted)


def test_numbers_follow_each_other_across_letters(city):
    numbers = []
    for kind in ("directive", "notice"):
        directive = submit_directive(city.office, draft_directive(city.office, "2024-01", kind))
        numbers.append(approve_directive(city.deputy, directive).number_text)

    assert numbers == ["01/UBND-VP", "02/UBND-VP"]


@pytest.mark.parametrize("who", ["office", "admin", "unsigned_leader"])
def test_only_a_leader_with_a_signature_signs(city, submitted, who):
    with pytest.raises(PermissionDenied):
        approve_directive(getattr(city, who), submitted)

    assert submitted.number is None


def test_a_draft_cannot_be_signed_before_it_is_submitted(city, draft):
    with pytest.raises(TransitionRefused) as refused:
        approve_directive(city.chairman, draft)

    assert "Không thể ký duyệt văn bản đang ở trạng thái “Dự thảo”" in refused.value.message
    assert draft.number is None


def test_the_leader_returns_with_a_comment_and_the_office_edits_and_resubmits(city, submitted):
    with pytest.raises(InvalidInput):
        return_directive(city.chairman, submitted, "   ")
    with pytest.raises(PermissionDenied):
        return_directive(city.office, submitted, "Sửa lại")

    return_directive(city.chairman, submitted, "  Bổ sung thời hạn cụ thể.  ")

    assert submitted.state == DirectiveState.RETURNED
    assert submitted.return_comment == "Bổ sung thời hạn cụ thể."
    event = events(submitted)[-1]
    assert (event.action, event.comment) == ("return", "Bổ sung thời hạn cụ thể.")
    update_draft(city.office, submitted, {"lead_in": "Chủ tịch UBND thành phố yêu cầu:"})
    submit_directive(city.office, submitted)
    assert submitted.state == DirectiveState.SUBMITTED


def test_after_signing_enqueues_the_rendering_job(city, submitted, monkeypatch):
    from webapp.jobs import queue
    from webapp.jobs.rendering import render_directive

    calls = []
    monkeypatch.setattr(
        queue, "enqueue", lambda func, *args, **kwargs: calls.append((func, args, kwargs))
    )

    after_signing(approve_directive(city.chairman, submitted))

    # One id per letter: the recovery sweep knows whether its rendering is queued already.
    assert calls == [
        (render_directive, (submitted.id,), {"job_id": f"render-letter-{submitted.id}"})
    ]


def test_a_failed_rendering_start_does_not_undo_the_signature(city, submitted, monkeypatch, caplog):
    from webapp.jobs import queue

    def broken(*_args, **_kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(queue, "enqueue", broken)

    after_signing(approve_directive(city.chairman, submitted))

    assert "could not be started" in caplog.text
    assert submitted.state == DirectiveState.SIGNED


def test_the_issuers_level_is_read_from_its_name():
    assert issuer_level("ỦY BAN NHÂN DÂN THÀNH PHỐ BIÊN HÒA") == "thành phố"
    assert issuer_level("ỦY BAN NHÂN DÂN QUẬN 1") == "quận"
    assert issuer_level("ỦY BAN NHÂN DÂN HUYỆN TRẢNG BOM") == "huyện"
    assert issuer_level("VĂN PHÒNG") == "thành phố"


def test_a_unit_sees_only_issued_letters_that_assign_it_work(city, draft):
    criticism = draft_directive(city.office, "2024-01", "criticism")
    assert visible_directives(city.anbinh) == []
    assert {d.id for d in visible_directives(city.office)} == {draft.id, criticism.id}
    assert [d.id for d in visible_directives(city.office, "draft")] == [criticism.id, draft.id]

    for directive in (draft, criticism):
        directive.state = DirectiveState.ISSUED
    db.session.commit()

    assert [d.id for d in visible_directives(city.anbinh)] == [draft.id]
    assert directive_or_404(city.anbinh, draft.id) is draft
    with pytest.raises(NotFound):
        directive_or_404(city.anbinh, criticism.id)
    trail = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "out_of_scope_access")
    ).all()
    assert [(e.actor_name, e.entity_id) for e in trail] == [("anbinh", str(criticism.id))]


def test_a_missing_letter_is_404_for_everyone(city):
    with pytest.raises(NotFound):
        directive_or_404(city.office, 123456)


def test_operations_never_commit(city, monkeypatch):
    def refuse():
        raise AssertionError("an operation committed")

    monkeypatch.setattr(db.session, "commit", refuse)
    directive = draft_directive(city.office, "2024-01")
    update_draft(city.office, directive, {"lead_in": "Chủ tịch UBND thành phố yêu cầu:"})
    submit_directive(city.office, directive)
    return_directive(city.chairman, directive, "Sửa")
    submit_directive(city.office, directive)
    approve_directive(city.chairman, directive)
