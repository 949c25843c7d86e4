"""Every hand-off of the monthly chain tells the people who act next, once, with a link that opens
the object for them; a step announced again (or a job run again) tells nobody twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import AuthActions
from webapp.auth.models import User
from webapp.directives.models import Directive
from webapp.directives.operations import draft_directive
from webapp.events import directive_signed, report_submitted
from webapp.extensions import db
from webapp.jobs import queue
from webapp.notifications.models import Notification
from webapp.reports.operations import accept_report, submit_report
from webapp.tasks.compliance import evaluate_criteria
from webapp.tasks.models import UnitTask
from webapp.tasks.operations import decide_extension, request_extension


@pytest.fixture
def city(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    # The signed letter's files are no matter here: its rendering job is not started.
    monkeypatch.setattr(queue, "enqueue", lambda *args, **kwargs: None)
    city = factories.small_city()
    db.session.commit()
    return city


def notes(user: User, words: str) -> list[Notification]:
    """The user's notifications whose subject holds these words."""
    db.session.expire_all()
    stmt = select(Notification).where(Notification.user_id == user.id)
    return [n for n in db.session.scalars(stmt) if words in n.subject]


def browser(app, user: User) -> AuthActions:
    actions = AuthActions(app.test_client())
    assert actions.login(user.username).status_code == 302
    return actions


def post(actions: AuthActions, page: str, action: str, **data):
    token = actions.csrf_token(page)
    return actions._client.post(action, data={"csrf_token": token, **data})


def told_once(app, users: list[User], words: str, link: str, others: list[User] = ()) -> None:
    """Each user has exactly one such notification, linked to `link`, which opens for them."""
    for user in users:
        (note,) = notes(user, words)
        assert note.link == link
        assert browser(app, user)._client.get(note.link).status_code == 200
    for user in others:
        assert notes(user, words) == []


def test_a_letter_s_hand_offs_reach_the_signers_the_drafter_the_office_and_the_units(app, city):
    letter = draft_directive(city.office, "2024-01")
    db.session.commit()
    page, leaders = f"/directives/{letter.id}", [city.chairman, city.deputy, city.unsigned_leader]
    office = browser(app, city.office)
    assert post(office, page, f"{page}/submit").status_code == 302
    subject = f"Dự thảo công văn chấn chỉnh chờ ký: V/v {letter.subject}"
    told_once(app, leaders, subject, page, others=[city.office, city.anbinh])
    post(office, page, f"{page}/submit")  # refused: submitted already
    assert len(notes(city.chairman, subject)) == 1

    chairman = browser(app, city.chairman)
    post(chairman, page, f"{page}/return", comment="Bổ sung số liệu tháng trước.")
    told_once(app, [city.office], "bị trả lại: V/v", page, others=leaders)
    assert "Bổ sung số liệu tháng trước." in notes(city.office, "bị trả lại")[0].body

    post(office, page, f"{page}/submit")  # a new submission: told again, once
    assert len(notes(city.chairman, subject)) == 2
    assert post(chairman, page, f"{page}/approve", confirmed="1").status_code == 302
    letter = db.session.get(Directive, letter.id)
    signed = f"Văn bản {letter.number_text} đã ký, chờ ban hành: V/v {letter.subject}"
    told_once(app, [city.office], signed, page, others=leaders)
    directive_signed.send(letter)  # announced again (another sender, a recovery): no second one
    assert len(notes(city.office, signed)) == 1

    assert post(office, page, f"{page}/issue", confirmed="1").status_code == 302
    tasks = db.session.scalars(select(UnitTask).where(UnitTask.unit_id == city.anbinh.unit_id))
    issued = f"Văn bản {letter.number_text} giao"
    (note,) = notes(city.anbinh, issued)
    assert browser(app, city.anbinh)._client.get(note.link).status_code == 200
    assert note.link in {f"/directives/{letter.id}/unit-report", *(f"/tasks/{t.id}" for t in tasks)}
    assert len(notes(city.tantien, issued)) == 1 and notes(city.chairman, issued) == []


def test_a_task_s_hand_offs_reach_the_staff_and_the_unit_once(app, city):
    issued = factories.issue_january(city)
    task = issued.task("TANTIEN")
    link, name = f"/tasks/{task.id}", f"nhiệm vụ {task.assignment.position} của văn bản "
    name += issued.letter.number_text
    staff = [city.office, city.chairman, city.deputy]

    report = submit_report(city.tantien, task, "Đã chấn chỉnh, có biên bản kèm theo.", 100)
    db.session.commit()
    sent = f"Báo cáo của UBND phường Tân Tiến về {name}"
    told_once(app, staff, sent, link, others=[city.anbinh, city.tantien])
    report_submitted.send(report)  # the same report announced again
    db.session.commit()
    assert len(notes(city.chairman, sent)) == 1

    accept_report(city.chairman, report, "Đạt yêu cầu.")
    db.session.commit()
    told_once(app, [city.tantien], f"Báo cáo về {name} được xác nhận đạt", link, others=staff)

    other = issued.task("ANBINH", 2)
    later = other.deadline + timedelta(days=10)
    request = request_extension(city.anbinh, other, later, "Chờ phần mềm một cửa nâng cấp.")
    db.session.commit()
    asked = f"UBND phường An Bình xin gia hạn nhiệm vụ 2 của văn bản {issued.letter.number_text}"
    told_once(app, staff, asked, f"/tasks/{other.id}", others=[city.anbinh])
    decide_extension(city.chairman, request, True, "Đồng ý.")
    db.session.commit()
    told_once(app, [city.anbinh], "Lãnh đạo đồng ý gia hạn nhiệm vụ 2", f"/tasks/{other.id}")


def test_the_leaders_hear_once_of_a_month_s_judgement_however_often_it_is_run(app, city):
    factories.issue_january(city)
    city.add_month("BUUHOA", "2024-02", resolved_on_time=50, resolved_late=0)
    evaluate_criteria(["2024-02"])
    db.session.commit()
    evaluate_criteria(["2024-02"])  # the import's job run again
    db.session.commit()
    (note,) = notes(city.chairman, "Số liệu tháng 02/2024:")
    assert "nhiệm vụ đạt tiêu chí" in note.subject
    assert note.link == "/inbox/confirm?period=2024-02"
    assert browser(app, city.chairman)._client.get(note.link).status_code == 200
    assert notes(city.office, "Số liệu tháng 02/2024:") == []
