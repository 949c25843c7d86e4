"""Each role lands on what waits for it: every kind of work listed with the link where it is done,
gone once done, counted in the menu; a unit sees only its own."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_login import login_user
from sqlalchemy import event

from tests import factories
from webapp import navigation
from webapp.auth.models import LoginFailure
from webapp.database import utcnow
from webapp.directives.operations import approve_directive, draft_directive, submit_directive
from webapp.errors import error_response
from webapp.exemptions.models import Exemption
from webapp.extensions import db
from webapp.imports.models import ImportKind, ImportRun, ImportStatus
from webapp.main.todo import todo_for
from webapp.notifications.operations import notify
from webapp.reports.operations import comment_report, return_report, submit_report
from webapp.tasks.board.queries import inbox
from webapp.tasks.issuing import issue_directive
from webapp.tasks.models import CriterionCheck
from webapp.tasks.operations import confirm_compliance
from workflows.machines.exemption import Reason
from workflows.machines.exemption import State as ExemptionState
from workflows.machines.task import State as TaskState
from workflows.periods import local_today


def section(html: str, key: str) -> str:
    """The HTML of one kind's section of the to-do page ('' when it is not shown)."""
    match = re.search(rf'<section[^>]*data-testid="todo-{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def section_count(html: str, key: str) -> int:
    match = re.search(r'data-testid="todo-count">(\d+)<', section(html, key))
    return int(match.group(1)) if match else 0


def menu_count(html: str, counts: str = "todo") -> int:
    match = re.search(rf'data-testid="nav-count-{counts}">(\d+)<', html)
    return int(match.group(1)) if match else 0


def total_shown(html: str) -> int:
    return sum(int(n) for n in re.findall(r'data-testid="todo-count">(\d+)<', html))


def landing(client, auth, username: str) -> str:
    if client.get("/account").status_code == 200:
        auth.logout()
    assert auth.login(username).status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert menu_count(html) == total_shown(html), "the menu's badge is the page's total"
    return html


@pytest.fixture
def city(issued):
    return issued.city


def test_the_leader_sees_letters_to_sign_until_signed(client, auth, issued):
    city = issued.city
    draft = draft_directive(city.office, "2024-01")
    submit_directive(city.office, draft)
    db.session.commit()

    html = landing(client, auth, "chutich")
    assert f'href="/directives/{draft.id}"' in section(html, "to-sign")
    assert section_count(html, "to-sign") == 1

    # The office does not sign, nor a leader who is no signer: the letter is not their to-do.
    assert section(landing(client, auth, "vanphong"), "to-sign") == ""
    assert section(landing(client, auth, "lanhdao-khac"), "to-sign") == ""

    approve_directive(city.chairman, draft)
    db.session.commit()
    html = landing(client, auth, "chutich")
    assert section(html, "to-sign") == ""

    office = landing(client, auth, "vanphong")
    assert f'href="/directives/{draft.id}"' in section(office, "to-issue")

    issue_directive(city.office, draft)
    db.session.commit()
    assert section(landing(client, auth, "vanphong"), "to-issue") == ""


def test_a_report_waits_for_the_office_review_and_the_leader_decision(client, auth, issued):
    city = issued.city
    task = issued.task("ANBINH")
    report = submit_report(city.anbinh, task, "Đã chấn chỉnh.", 100)
    db.session.commit()

    office = landing(client, auth, "vanphong")
    assert f'href="/tasks/{task.id}"' in section(office, "reports-to-review")
    leader = landing(client, auth, "chutich")
    assert f'href="/tasks/{task.id}"' in section(leader, "reports-to-decide")

    comment_report(city.office, report, "Đủ hồ sơ.")
    db.session.commit()
    assert section(landing(client, auth, "vanphong"), "reports-to-review") == ""
    assert section_count(landing(client, auth, "chutich"), "reports-to-decide") == 1

    return_report(city.chairman, report, "Chưa có minh chứng.")
    db.session.commit()
    assert section(landing(client, auth, "chutich"), "reports-to-decide") == ""

    unit = landing(client, auth, "anbinh")
    returned = section(unit, "returned-reports")
    assert f'href="/tasks/{task.id}"' in returned and "Chưa có minh chứng." in returned
    # Another unit never sees it.
    assert section(landing(client, auth, "tantien"), "returned-reports") == ""

    submit_report(city.anbinh, task, "Bổ sung minh chứng.", 100)
    db.session.commit()
    assert section(landing(client, auth, "anbinh"), "returned-reports") == ""


def test_the_leader_sees_the_figures_proposals_as_the_inbox_does(client, auth, issued):
    city = issued.city
    met = issued.task("TAMPHUOC")
    failing = issued.task("BUUHOA")
    db.session.add_all(
        [
            CriterionCheck(task_id=met.id, period="2024-02", met=False, text="Tỷ lệ 90 %"),
            CriterionCheck(task_id=met.id, period="2024-03", met=True, text="Tỷ lệ 98 %"),
            CriterionCheck(task_id=failing.id, period="2024-02", met=True, text="Tỷ lệ 99 %"),
            CriterionCheck(task_id=failing.id, period="2024-03", met=False, text="Tỷ lệ 80 %"),
        ]
    )
    db.session.commit()

    html = landing(client, auth, "chutich")
    confirm = section(html, "to-confirm")
    assert f'href="/tasks/{met.id}"' in confirm and "03/2024: Tỷ lệ 98 %" in confirm
    follow = section(html, "to-follow-up")
    assert 'href="/inbox"' in follow and "03/2024: Tỷ lệ 80 %" in follow
    waiting = inbox(city.chairman)
    assert section_count(html, "to-confirm") == len(waiting.to_confirm) == 1
    assert section_count(html, "to-follow-up") == len(waiting.to_follow_up) == 1

    confirm_compliance(city.chairman, met)
    db.session.commit()
    assert section(landing(client, auth, "chutich"), "to-confirm") == ""


def test_exemption_requests_wait_for_the_office_and_the_leaders(client, auth, issued):
    city = issued.city
    exemption = Exemption(
        dossier_code="HS-01",
        unit_id=city.units["ANBINH"].id,
        period="2024-01",
        reason=Reason.OTHER,
        text="Hồ sơ bị tính trễ do lỗi nhập.",
        state=ExemptionState.PENDING,
        due_at=utcnow() + timedelta(days=5),
    )
    db.session.add(exemption)
    db.session.commit()

    for username in ("vanphong", "chutich"):
        html = landing(client, auth, username)
        assert f'href="/exemptions/{exemption.id}"' in section(html, "exemptions")
    assert section(landing(client, auth, "quantri"), "exemptions") == ""

    exemption.state = ExemptionState.REJECTED
    db.session.commit()
    assert section(landing(client, auth, "chutich"), "exemptions") == ""


def test_the_office_sees_a_month_with_findings_and_no_letter(client, auth, issued):
    city = issued.city
    city.add_month("BUUHOA", "2024-02", resolved_on_time=40, resolved_late=10)
    db.session.commit()

    html = landing(client, auth, "vanphong")
    months = section(html, "months-to-draft")
    assert 'href="/stats?period=2024-02"' in months
    assert "Số liệu tháng 02/2024: 1 đơn vị có phát hiện" in months
    # January has its letter; the leader drafts nothing.
    assert "01/2024" not in months
    assert section(landing(client, auth, "chutich"), "months-to-draft") == ""

    draft_directive(city.office, "2024-02")
    db.session.commit()
    assert section(landing(client, auth, "vanphong"), "months-to-draft") == ""


def test_overdue_tasks_wait_for_the_office_and_lead_the_units_list(client, auth, issued):
    city = issued.city
    today = local_today()
    late, soon = [t for t in issued.tasks if t.unit.code == "ANBINH" and t.role.value == "lead"][:2]
    late.deadline = today - timedelta(days=3)
    soon.deadline = today + timedelta(days=4)
    db.session.commit()

    office = section(landing(client, auth, "vanphong"), "overdue")
    assert f'href="/tasks/{late.id}"' in office and "quá hạn 3 ngày" in office
    assert f'href="/tasks/{soon.id}"' not in office

    unit = section(landing(client, auth, "anbinh"), "own-tasks")
    assert unit.index(f'href="/tasks/{late.id}"') < unit.index(f'href="/tasks/{soon.id}"')
    assert "quá hạn 3 ngày" in unit and "còn 4 ngày" in unit
    own = [task for task in issued.tasks if task.unit_id == city.units["ANBINH"].id]
    assert section_count(unit, "own-tasks") == len(own)
    # Another unit's tasks never appear.
    other = [task for task in issued.tasks if task.unit_id != city.units["ANBINH"].id]
    assert all(f'href="/tasks/{task.id}"' not in unit for task in other)

    late.state = TaskState.CONFIRMED
    db.session.commit()
    assert f'href="/tasks/{late.id}"' not in landing(client, auth, "vanphong")
    assert f'href="/tasks/{late.id}"' not in section(landing(client, auth, "anbinh"), "own-tasks")


def test_a_unit_sees_the_letters_issued_to_it_lately(client, auth, issued):
    html = landing(client, auth, "anbinh")
    assert f'href="/directives/{issued.letter.id}"' in section(html, "new-letters")
    issued.letter.issued_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert section(landing(client, auth, "anbinh"), "new-letters") == ""


def test_a_unit_not_named_in_a_letter_does_not_see_it(client, auth, issued):
    outsider = factories.unit("NGOAI", "UBND phường Ngoài")
    factories.user("unit", outsider, username="ngoai")
    db.session.commit()

    html = landing(client, auth, "ngoai")
    assert 'data-testid="todo-empty"' in html and "Không có việc nào đang chờ bạn" in html
    assert menu_count(html) == 0


def test_the_admin_sees_locked_accounts_expiring_certificates_and_failed_imports(
    client, auth, issued
):
    city = issued.city
    for _ in range(5):
        db.session.add(LoginFailure(username="tantien", address="10.0.0.9"))
    signer = city.signer_of(city.deputy)
    signer.certificate_file = "signers/phochutich.p12"
    signer.certificate_expires_at = utcnow() + timedelta(days=10)
    failed = ImportRun(
        kind=ImportKind.DOSSIERS,
        status=ImportStatus.FAILED,
        file_name="ho-so-thang-2.csv",
        checksum="0" * 64,
    )
    db.session.add(failed)
    db.session.commit()

    html = landing(client, auth, "quantri")
    assert 'href="/admin/users"' in section(html, "locked-accounts")
    assert "(tantien)" in section(html, "locked-accounts")
    certificates = section(html, "certificates")
    assert "Lê Thị Thanh Hương" in certificates
    assert f'href="/admin/signers/{signer.id}/certificate"' in certificates
    assert f'href="/imports/{failed.id}"' in section(html, "failed-jobs")
    assert menu_count(html) == 3
    # None of it is the office's.
    office = landing(client, auth, "vanphong")
    assert section(office, "locked-accounts") == section(office, "failed-jobs") == ""

    db.session.query(LoginFailure).delete()
    signer.certificate_expires_at = utcnow() + timedelta(days=365)
    db.session.add(
        ImportRun(
            kind=ImportKind.DOSSIERS,
            status=ImportStatus.DONE,
            file_name="ho-so-thang-2-lan-2.csv",
            checksum="1" * 64,
        )
    )
    db.session.commit()
    html = landing(client, auth, "quantri")
    assert 'data-testid="todo-empty"' in html and menu_count(html) == 0


def test_the_menu_shows_unread_notifications_with_words_for_screen_readers(client, auth, city):
    notify([city.chairman, city.office], "Có văn bản chờ ký", link="/directives")
    notify([city.chairman], "Có báo cáo mới", link="/inbox")
    db.session.commit()

    auth.login("chutich")
    html = client.get("/units").text
    assert menu_count(html, "unread") == 2
    assert 'aria-label="Thông báo, 2 chưa đọc"' in html


class Statements:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args, **_kwargs):
        self.count += 1


def statements_for(client, path: str) -> int:
    client.get(path)  # what a commit in the test expired is loaded again first
    counter = Statements()
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


def more_work(issued, reporters, letters: int, late: int, locked: list[str]) -> None:
    """Letters to sign, reports waiting, overdue tasks and locked accounts: more each call."""
    city = issued.city
    for _ in range(letters):
        submit_directive(city.office, draft_directive(city.office, "2024-01"))
    for code, account in reporters.items():
        task = issued.task(code)
        if task.state in (TaskState.NOT_STARTED, TaskState.IN_PROGRESS):
            submit_report(account, task, "Đã làm.", 100)
    for task in issued.tasks[:late]:
        task.deadline = local_today() - timedelta(days=1)
    for username in locked:
        for _ in range(5):
            db.session.add(LoginFailure(username=username, address="10.0.0.1"))
    db.session.commit()


@pytest.mark.parametrize("username", ["chutich", "vanphong", "anbinh", "quantri"])
def test_the_page_and_the_menu_ask_the_same_statements_however_much_waits(
    client, auth, issued, username
):
    """No statement per item: a page with more waiting asks exactly as many."""
    city = issued.city
    reporters = {code: factories.user("unit", city.units[code]) for code in ("BUUHOA", "TAMPHUOC")}
    other_page = "/tasks" if username == "anbinh" else "/units"
    more_work(issued, {"BUUHOA": reporters["BUUHOA"]}, letters=1, late=1, locked=["tantien"])
    auth.login(username)
    some = statements_for(client, "/"), statements_for(client, other_page)

    more_work(issued, {"TAMPHUOC": reporters["TAMPHUOC"]}, letters=3, late=99, locked=["anbinh"])
    more = statements_for(client, "/"), statements_for(client, other_page)
    assert more == some


def test_in_a_new_city_only_the_month_to_draft_waits(app):
    city = factories.small_city()
    db.session.commit()
    with app.test_request_context():
        for user in (city.chairman, city.anbinh, city.admin):
            assert [s.count for s in todo_for(user)] == [0] * len(todo_for(user)), user.role
        office = {s.key: s.count for s in todo_for(city.office)}
    assert {s.key for s in todo_for_unit_keys(app, city)} == {
        "own-tasks",
        "returned-reports",
        "new-letters",
    }
    # Its three months have findings and no letter yet: that is all that waits.
    assert office["months-to-draft"] == 3 and sum(office.values()) == 3


def todo_for_unit_keys(app, city):
    with app.test_request_context():
        return todo_for(city.anbinh)


def test_a_server_error_page_asks_the_database_for_no_counts(app, city, monkeypatch):
    def database_away(_user):
        raise AssertionError("the error page asked the database")

    monkeypatch.setattr(navigation, "todo_total", database_away)
    monkeypatch.setattr(navigation, "unread_count", database_away)
    with app.test_request_context("/directives"):
        login_user(city.chairman)
        page, status = error_response(503)
    assert status == 503 and 'data-entry="Việc cần làm"' in page
    assert "nav-count" not in page
    with app.test_request_context("/directives"), pytest.raises(AssertionError):
        login_user(city.chairman)
        error_response(404)
