"""The audit page people read: every action in Vietnamese, changes in words, objects named and
linked, filters as choices, pages of 50; the API keeps its machine format."""

from __future__ import annotations

import ast
import importlib
import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from tests.webapp.audit.recorded import ROOT, WEBAPP, recorded
from webapp.audit.labels import (
    AUDIT_ACTION_LABELS,
    ENTITY_ACTION_LABELS,
    ENTITY_LABELS,
    FIELD_LABELS,
)
from webapp.audit.operations import record_event
from webapp.audit.queries import PAGE_SIZE
from webapp.extensions import db
from webapp.reports.operations import return_report, submit_report
from webapp.tasks.operations import start_task
from workflows.machines import directive as directive_machine
from workflows.machines import exemption as exemption_machine
from workflows.machines import task as task_machine
from workflows.periods import local_today

ROWS = re.compile(r"<tr>\s*<td class=\"nowrap\">")


def rows_of(html: str) -> int:
    return len(ROWS.findall(html))


def cells(html: str, column: int) -> list[str]:
    """The texts of one column of the audit table (0: time ... 4: details)."""
    body = html.split('data-testid="audit-table"', 1)[1].split("</tbody>", 1)[0]
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        texts = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if len(texts) == 5:
            found.append(re.sub(r"<[^>]+>", "", texts[column]).strip())
    return found


# ------------------------------------------------------------------ every action has its words


def test_every_action_the_code_records_has_a_vietnamese_label():
    written = recorded()

    assert written.unread == [], "calls whose action the test cannot read"
    missing = {action: sorted(where) for action, where in written.actions.items()}
    missing = {a: w for a, w in missing.items() if a not in AUDIT_ACTION_LABELS}
    assert missing == {}
    # The reading finds the helpers' actions too, not only the literal calls.
    assert {"start", "report", "approve", "login_failed", "accept", "import"} <= set(
        written.actions
    )


def test_every_machine_step_has_a_vietnamese_label():
    steps = {
        action.value
        for machine in (task_machine, directive_machine, exemption_machine)
        for action in machine.Action
    }

    assert steps - set(AUDIT_ACTION_LABELS) == set()


def test_every_kind_of_object_recorded_has_a_vietnamese_name():
    kinds = set(recorded().entities)
    # A refused access records the table of the model it was asked for.
    for path in sorted(WEBAPP.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(call, ast.Call)
                and getattr(call.func, "id", None) == "load_visible_or_404"
                and isinstance(call.args[1], ast.Name)
            ):
                model = getattr(importlib.import_module(module), call.args[1].id)
                kinds.add(model.__tablename__)

    assert {"unit_task", "directive", "user", "units", "dossiers"} <= kinds
    assert kinds - set(ENTITY_LABELS) == set()


def test_the_labels_are_vietnamese_words_not_codes():
    for label in [*AUDIT_ACTION_LABELS.values(), *ENTITY_ACTION_LABELS.values()]:
        assert "_" not in label and label[0].isupper(), label
    for label in [*ENTITY_LABELS.values(), *FIELD_LABELS.values()]:
        assert "_" not in label, label


# ------------------------------------------------------------------ the page reads as Vietnamese


@pytest.fixture
def month(issued, client, auth):
    """The issued January letter; Tân Tiến started, reported and was sent back; the office in."""
    city = issued.city
    task = issued.task("TANTIEN")
    start_task(city.tantien, task)
    report = submit_report(city.tantien, task, "Đã chấn chỉnh bộ phận một cửa.", 80)
    return_report(city.chairman, report, "Chưa có minh chứng.")
    db.session.commit()
    auth.login(city.office.username)
    return issued


def test_a_task_step_reads_as_a_change_of_state_in_vietnamese(month, client):
    task = month.task("TANTIEN")

    page = client.get(f"/audit?entity=unit_task&entity_id={task.id}")

    assert page.status_code == 200
    assert "Bắt đầu triển khai" in page.text
    assert "Trạng thái:</span> Chưa triển khai → Đang triển khai" in page.text
    assert "Trạng thái:</span> Chờ xác nhận → Đang triển khai" in page.text
    assert "Lãnh đạo trả lại (chưa đạt)" in page.text
    name = (
        f"Nhiệm vụ {task.assignment.position} của văn bản {month.letter.number_text}"
        " — UBND phường Tân Tiến"
    )
    assert f'<a href="/tasks/{task.id}">{name}</a>' in page.text
    assert "not_started" not in page.text and "in_progress" not in page.text


def test_a_letter_is_named_by_its_number_and_subject(month, client):
    letter = month.letter

    page = client.get(f"/audit?entity=directive&entity_id={letter.id}")

    assert f'<a href="/directives/{letter.id}">Văn bản {letter.number_text} — V/v ' in page.text
    assert {"Tạo dự thảo", "Trình ký", "Ký và cấp số", "Ban hành"} <= set(cells(page.text, 2))
    assert "Trạng thái:</span> Chờ ký → Đã ký" in page.text
    assert "<dt>Số, ký hiệu</dt><dd>" + letter.number_text in page.text


def test_the_whole_month_shows_no_json_no_escapes_and_no_english_action(month, client):
    pages = [client.get("/audit")]
    while 'rel="next"' in pages[-1].text:
        link = re.search(r'href="([^"]+)" rel="next"', pages[-1].text).group(1)
        pages.append(client.get(link.replace("&amp;", "&")))
    text = "".join(page.text for page in pages)

    assert len(pages) >= 1 and all(page.status_code == 200 for page in pages)
    assert '{"' not in text and "{&#34;" not in text
    assert "\\u" not in text
    actions = {cell for page in pages for cell in cells(page.text, 2)}
    assert actions and actions.isdisjoint(AUDIT_ACTION_LABELS)
    tables = re.sub(  # what people read: the tables' text, links' addresses left out
        r"<[^>]+>",
        " ",
        "".join(page.text.split('data-testid="audit-table"', 1)[1] for page in pages),
    )
    assert "unit_task" not in tables and "not_started" not in tables and "#33" not in tables


def test_every_labelled_action_shows_in_words_with_its_values_as_text(app, make_user, auth, client):
    admin = make_user("admin", display_name="Quản Trị Viên")
    for action in AUDIT_ACTION_LABELS:
        record_event(
            admin,
            "unit_task",
            987654,  # no such task: shown by kind and number
            action,
            before={"state": "not_started", "mức": "Cũ"},
            after={"state": "in_progress", "mức": "Mới", "ghi_chép": {"tên": "Tân Tiến"}},
        )
    db.session.commit()
    auth.login(admin.username)

    pages = [client.get("/audit")]
    if 'rel="next"' in pages[0].text:
        pages.append(client.get("/audit?page=2"))
    text = "".join(page.text for page in pages)

    shown = [cell for page in pages for cell in cells(page.text, 2)]
    assert len(shown) == len(AUDIT_ACTION_LABELS) + 2  # and the account created, its login
    assert set(shown).isdisjoint(AUDIT_ACTION_LABELS)
    assert "Nhiệm vụ #987654" in text
    assert "mức:</span> Cũ → Mới" in text
    assert "<dt>ghi_chép</dt><dd>tên: Tân Tiến</dd>" in text  # unknown key: its value as text
    assert '{"' not in text and "\\u" not in text
    assert "Quản Trị Viên" in text


def test_a_deleted_or_unknown_object_shows_its_kind_and_key(app, make_user, auth, client):
    admin = make_user("admin")
    record_event(admin, "directive", 424242, "submit", comment="đã xóa")
    record_event(None, "user", "u-ab12cd", "login_failed", actor_name="u-ab12cd")
    db.session.commit()
    auth.login(admin.username)

    page = client.get("/audit")

    assert "Văn bản #424242" in page.text
    assert "Tài khoản #u-ab12cd" in page.text


@contextmanager
def counted_queries():
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_names_are_read_with_one_query_per_kind_not_per_event(issued, client, auth):
    city = issued.city
    auth.login(city.office.username)
    few = [task.id for task in issued.tasks[:2]]
    for task_id in few:
        record_event(city.office, "unit_task", task_id, "remind", comment="mẫu")
    db.session.commit()
    with counted_queries() as small:
        assert client.get("/audit?action=remind").status_code == 200
    for task in issued.tasks[2:]:
        record_event(city.office, "unit_task", task.id, "remind", comment="mẫu")
    db.session.commit()

    with counted_queries() as large:
        page = client.get("/audit?action=remind")

    assert rows_of(page.text) == min(len(issued.tasks), PAGE_SIZE) > 2
    assert len(large) == len(small)


# ------------------------------------------------------------------ filters and pages


@pytest.fixture
def many(issued, client, auth):
    """60 reminders on the small city's tasks, and the office logged in."""
    city = issued.city
    for number in range(60):
        task = issued.tasks[number % len(issued.tasks)]
        record_event(city.office, "unit_task", task.id, "remind", comment=f"nhắc-{number:02d}")
    db.session.commit()
    auth.login(city.office.username)
    return issued


def test_pages_hold_fifty_events_with_the_total_and_links_that_keep_the_filters(many, client):
    first = client.get("/audit?action=remind")
    second = client.get("/audit?action=remind&page=2")

    assert rows_of(first.text) == PAGE_SIZE
    assert rows_of(second.text) == 60 - PAGE_SIZE
    assert "60 sự kiện, trang 1/2" in first.text
    assert "nhắc-59" in first.text and "nhắc-00" in second.text
    assert "nhắc-00" not in first.text
    assert re.search(r'href="/audit\?page=2&amp;action=remind" rel="next">Trang sau', first.text)
    assert re.search(
        r'href="/audit\?page=1&amp;action=remind" rel="prev">← Trang trước', second.text
    )
    assert 'rel="next"' not in second.text


def test_a_page_past_the_last_shows_the_last(many, client):
    page = client.get("/audit?action=remind&page=99")

    assert page.status_code == 200
    assert "trang 2/2" in page.text


def test_filters_are_choices_in_vietnamese_and_keep_their_value(many, client):
    page = client.get("/audit?action=remind")

    assert '<option value="remind" selected>Gửi nhắc hạn</option>' in page.text
    assert '<option value="unit_task">Nhiệm vụ</option>' in page.text
    assert '<select id="actor" name="actor">' in page.text
    assert '<select id="unit" name="unit">' in page.text
    assert 'type="date" id="date_from"' in page.text


def test_filter_by_unit_keeps_its_tasks_and_staff_only(many, client):
    city = many.city
    tantien = city.units["TANTIEN"]
    start_task(city.tantien, many.task("TANTIEN"))
    start_task(city.anbinh, many.task("ANBINH"))
    db.session.commit()

    page = client.get(f"/audit?unit={tantien.id}&action=start")
    reminders = client.get(f"/audit?unit={tantien.id}&action=remind")

    assert rows_of(page.text) == 1
    assert "UBND phường Tân Tiến" in cells(page.text, 3)[0]
    tantien_tasks = sum(
        1 for number in range(60) if many.tasks[number % len(many.tasks)].unit == tantien
    )
    assert rows_of(reminders.text) == tantien_tasks


def test_filter_by_actor_and_by_kind(many, client):
    city = many.city
    start_task(city.tantien, many.task("TANTIEN"))
    db.session.commit()

    by_unit_user = client.get(f"/audit?actor={city.tantien.id}&entity=unit_task")
    by_kind = client.get("/audit?entity=directive")

    assert cells(by_unit_user.text, 2) == ["Bắt đầu triển khai"]
    assert cells(by_unit_user.text, 1) == [city.tantien.display_name]
    assert rows_of(by_kind.text) == 4  # drafted, submitted, signed, issued


def test_filter_by_dates_in_local_days(many, client):
    today = local_today()

    from_today = client.get(f"/audit?action=remind&date_from={today.isoformat()}")
    until_yesterday = client.get(
        f"/audit?action=remind&date_to={(today - timedelta(days=1)).isoformat()}"
    )
    with_bad_values = client.get("/audit?action=remind&date_from=hôm-nay&actor=abc&unit=x")

    assert "60 sự kiện" in from_today.text
    assert "Không có sự kiện nào." in until_yesterday.text
    assert with_bad_values.status_code == 200
    assert "60 sự kiện" in with_bad_values.text


def test_an_unknown_action_or_kind_narrows_nothing(many, client):
    page = client.get("/audit?action=drop_table&entity=secrets")

    assert page.status_code == 200
    assert 'value="drop_table"' not in page.text
    assert rows_of(page.text) == PAGE_SIZE


# ------------------------------------------------------------------ the API keeps its format


def test_the_api_keeps_machine_names_and_raw_values(month, client, api_token):
    task = month.task("TANTIEN")

    response = client.get(
        f"/api/v1/audit?entity=unit_task&id={task.id}", headers=api_token(month.city.office)
    )

    assert response.status_code == 200
    steps = [(item["action"], (item["before"] or {}).get("state")) for item in response.json]
    assert ("start", "not_started") in steps
    assert ("return", "reported") in steps
    assert set(response.json[0]) == {
        "occurred_at", "actor", "entity", "entity_id", "action", "before", "after", "comment"
    }  # fmt: skip


def test_each_event_links_to_the_history_of_its_object(month, client):
    task = month.task("TANTIEN")
    everything = client.get("/audit?action=start")

    link = f'href="/audit?entity=unit_task&amp;entity_id={task.id}">Xem lịch sử đối tượng</a>'
    history = client.get(f"/audit?entity=unit_task&entity_id={task.id}")

    assert link in everything.text
    assert "Đang xem lịch sử của một đối tượng." in history.text
    assert "Xem lịch sử đối tượng</a>" not in history.text
    assert set(cells(history.text, 2)) >= {"Giao nhiệm vụ", "Bắt đầu triển khai"}
    as_the_api_asks = client.get(f"/audit?entity=unit_task&id={task.id}")
    assert cells(as_the_api_asks.text, 2) == cells(history.text, 2)


def test_recorded_values_read_as_words_dates_and_linked_names(month, client):
    task, letter = month.task("TANTIEN"), month.letter
    record_event(
        None,
        "unit_task",
        task.id,
        "evaluate",
        after={"state": "in_progress", "period": "2024-01", "met": False, "value": 95.5},
        actor_name="hệ thống",
    )
    record_event(
        month.city.chairman,
        "unit_task",
        task.id,
        "follow_up",
        after={"directive_id": letter.id, "kind": "criticism", "requested_deadline": "2024-03-15"},
    )
    record_event(
        month.city.tantien, "unit_task", task.id, "request_extension", after={"request_id": 3}
    )
    db.session.commit()

    page = client.get(f"/audit?entity=unit_task&entity_id={task.id}").text

    assert "<dt>Kỳ số liệu</dt><dd>01/2024</dd>" in page
    assert "<dt>Kết quả</dt><dd>Chưa đạt</dd>" in page
    assert "<dt>Giá trị</dt><dd>95,5</dd>" in page
    assert "<dt>Loại</dt><dd>Công văn phê bình</dd>" in page
    assert "<dt>Hạn đề nghị</dt><dd>15/03/2024</dd>" in page
    assert "<dt>Đề nghị gia hạn</dt><dd>số 3</dd>" in page
    assert (
        f'<dt>Văn bản</dt><dd><a href="/directives/{letter.id}">Văn bản {letter.number_text}'
        in page
    )
    assert "<td>Hệ thống</td>" in page
