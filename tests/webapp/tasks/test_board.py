"""The office's tracking board: units by name in pages, every letter's column on each page, the
overdue filter (a task still worked on past its deadline), the same filter in the export."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from tests.webapp.main.test_kept_todo import statements_on
from tests.webapp.tasks.test_api_and_pages import login
from webapp.extensions import db
from webapp.reports.operations import submit_report
from workflows.machines.task import State
from workflows.periods import local_today


def unit_rows(page: str) -> list[str]:
    return re.findall(r'<tr><th scope="row">([^<]+)</th>', page)


def task_links(page: str) -> set[int]:
    return {int(task) for task in re.findall(r'data-task="(\d+)"', page)}


@pytest.fixture
def office(auth, issued):
    login(auth, "vanphong")
    return issued


def test_the_board_shows_the_units_by_name_a_page_at_a_time(app, client, office, monkeypatch):
    monkeypatch.setitem(app.config, "BOARD_UNITS_PER_PAGE", 2)
    names = sorted({task.unit.name for task in office.tasks})
    assert len(names) > 2

    count = -(-len(names) // 2)
    pages = []
    for number in range(1, count + 1):
        page = client.get(f"/tracking?page={number}").get_data(as_text=True)
        pages.append(page)
        assert office.letter.number_text in page  # the letter's column on every page
        assert f"(trang {number}/{count})" in page

    assert [name for page in pages for name in unit_rows(page)] == names
    assert set().union(*map(task_links, pages)) == {task.id for task in office.tasks}
    assert 'rel="prev"' not in pages[0] and 'rel="next"' in pages[0]
    assert 'rel="prev"' in pages[-1] and 'rel="next"' not in pages[-1]
    # Beyond the last page: the last page.
    assert unit_rows(client.get("/tracking?page=999").get_data(as_text=True)) == unit_rows(
        pages[-1]
    )


def test_the_page_links_keep_the_filters(app, client, office, monkeypatch):
    monkeypatch.setitem(app.config, "BOARD_UNITS_PER_PAGE", 1)
    page = client.get("/tracking?state=not_started&period=2024-01").get_data(as_text=True)
    following = re.search(r'href="([^"]+)" rel="next"', page)[1].replace("&amp;", "&")
    assert "state=not_started" in following and "period=2024-01" in following
    assert "page=2" in following


def test_the_overdue_filter_lists_the_tasks_still_worked_on_past_their_deadline(client, office):
    today = local_today()
    late = office.task("ANBINH")
    reported_late = office.task("TAMPHUOC")
    done_late = office.task("TANTIEN")
    for task in (late, reported_late, done_late):
        task.deadline = today - timedelta(days=1)
    reported_late.state = State.REPORTED
    done_late.state = State.ACCEPTED
    db.session.commit()

    page = client.get("/tracking?state=overdue").get_data(as_text=True)
    assert task_links(page) == {late.id, reported_late.id}
    assert unit_rows(page) == sorted({late.unit.name, reported_late.unit.name})

    sheet = load_workbook(io.BytesIO(client.get("/tracking.xlsx?state=overdue").data)).active
    assert sorted(row[5] for row in sheet.iter_rows(min_row=2, values_only=True)) == sorted(
        [late.unit.name, reported_late.unit.name]
    )


def cell(page: str, task_id: int) -> str:
    """The board's cell item of one task: its link, badge and deadline line."""
    return re.search(
        rf'<div class="board-task"><a [^>]*data-task="{task_id}".*?</div>', page, re.S
    )[0]


def state_counts(page: str) -> dict[str, int]:
    found = re.findall(
        r'data-state="([a-z_]*)"[^>]*><span>[^<]+</span> <strong data-testid="state-count">'
        r"([\d.]+)</strong>",
        page,
    )
    return {state: int(count.replace(".", "")) for state, count in found}


def test_each_task_shows_its_deadline_and_its_days_late_red_only_when_overdue(client, office):
    today = local_today()
    late = office.task("ANBINH")
    waiting = office.task("TAMPHUOC")
    done_late = office.task("TANTIEN")
    late.deadline = today - timedelta(days=3)
    waiting.deadline = today + timedelta(days=10)
    done_late.deadline = today - timedelta(days=5)
    done_late.state = State.ACCEPTED
    done_late.completed_late = True
    db.session.commit()

    page = client.get("/tracking").get_data(as_text=True)

    overdue = cell(page, late.id)
    assert f"Hạn {late.deadline:%d/%m/%Y}, trễ 3 ngày" in overdue
    assert "badge task task-not_started overdue" in overdue
    assert "Chưa triển khai – quá hạn" in overdue
    # Not started but within its deadline: neutral, no days late.
    not_yet = cell(page, waiting.id)
    assert f"Hạn {waiting.deadline:%d/%m/%Y}</span>" in not_yet
    assert "overdue" not in not_yet and "trễ" not in not_yet and "late" not in not_yet
    assert ">Chưa triển khai</span>" in not_yet
    # Finished after its deadline is no longer overdue.
    finished = cell(page, done_late.id)
    assert "Hoàn thành sau hạn" in finished and "overdue" not in finished
    assert "trễ" not in finished


def test_the_totals_row_counts_the_tasks_by_state_and_links_to_each(client, office):
    today = local_today()
    started, reported = office.task("ANBINH"), office.task("TAMPHUOC")
    started.state = State.IN_PROGRESS
    started.deadline = today - timedelta(days=1)
    reported.state = State.REPORTED
    db.session.commit()
    everything = len(office.tasks)

    page = client.get("/tracking").get_data(as_text=True)
    counts = state_counts(page)
    assert counts == {
        "": everything,
        "not_started": everything - 2,
        "in_progress": 1,
        "reported": 1,
        "accepted": 0,
        "confirmed": 0,
        "withdrawn": 0,
        "overdue": 1,
    }
    link = re.search(r'href="([^"]+)" data-state="in_progress"', page)[1].replace("&amp;", "&")
    assert "state=in_progress" in link
    assert task_links(client.get(link).get_data(as_text=True)) == {started.id}
    assert 'class="board-total overdue"' in page  # red: there is an overdue task

    # Filtered by a state, the row still counts every state and marks the one shown.
    filtered = client.get("/tracking?state=reported").get_data(as_text=True)
    assert state_counts(filtered) == counts
    assert re.search(r'data-state="reported" aria-current="true"', filtered)
    assert task_links(filtered) == {reported.id}


def test_the_totals_by_unit_and_by_letter(client, office):
    page = client.get("/tracking").get_data(as_text=True)
    by_unit = {}
    for task in office.tasks:
        by_unit[task.unit.name] = by_unit.get(task.unit.name, 0) + 1
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th>.*?<td class="num" data-testid="unit-total">(\d+)',
        page,
        re.S,
    )
    assert dict((name, int(total)) for name, total in rows) == by_unit
    assert re.findall(r'data-testid="letter-total">(\d+)', page) == [str(len(office.tasks))]
    assert re.search(r'data-testid="board-total">(\d+)', page)[1] == str(len(office.tasks))
    assert f"Tổng ({len(by_unit)} đơn vị)" in page


def test_the_letter_and_period_filters(client, office):
    page = client.get(f"/tracking?directive={office.letter.id}&period=2024-01")
    assert task_links(page.get_data(as_text=True)) == {task.id for task in office.tasks}
    assert state_counts(page.get_data(as_text=True))[""] == len(office.tasks)
    other = client.get("/tracking?period=2023-12").get_data(as_text=True)
    assert task_links(other) == set()
    assert state_counts(other)[""] == 0
    assert "Chưa có nhiệm vụ nào khớp bộ lọc" in other


def test_the_unit_filter_keeps_its_choice(client, office):
    task = office.task("ANBINH")
    page = client.get(f"/tracking?unit={task.unit_id}").get_data(as_text=True)
    assert unit_rows(page) == [task.unit.name]
    assert f'<option value="{task.unit_id}" selected>{task.unit.name}</option>' in page
    assert re.findall(r'<option value="(\d+)" selected>', page) == [str(task.unit_id)]
    unfiltered = client.get("/tracking").get_data(as_text=True)
    assert f'<option value="{task.unit_id}">{task.unit.name}</option>' in unfiltered


def test_a_page_of_the_board_is_kept_until_a_step_is_taken(client, office):
    task = office.task("ANBINH")

    def state_shown() -> str:
        page = client.get("/tracking").get_data(as_text=True)
        return re.search(rf'data-task="{task.id}">[^<]*<span[^>]*data-state="(\w+)"', page)[1]

    assert state_shown() == state_shown() == State.NOT_STARTED.value  # kept, and the same
    submit_report(office.city.anbinh, task, "Đã chấn chỉnh.", 100)
    db.session.commit()
    assert state_shown() == State.REPORTED.value


def test_a_units_task_list_is_kept_until_a_step_is_taken(client, auth, issued):
    login(auth, "anbinh")
    task = issued.task("ANBINH")

    def state_shown() -> str:
        page = client.get("/tasks").get_data(as_text=True)
        return re.search(rf'<tr data-task="{task.id}">.*?data-state="(\w+)"', page, re.S)[1]

    assert state_shown() == State.NOT_STARTED.value
    # Kept: the next view asks nothing of the tasks.
    assert not [sql for sql in statements_on(client, "/tasks") if "unit_tasks" in sql]
    submit_report(issued.city.anbinh, task, "Đã chấn chỉnh.", 100)
    db.session.commit()
    assert state_shown() == State.REPORTED.value
