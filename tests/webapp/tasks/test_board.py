"""The office's tracking board: units by name in pages, every letter's column on each page, the
overdue filter (a task still worked on past its deadline), the same filter in the export."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from tests.webapp.tasks.test_api_and_pages import login
from webapp.extensions import db
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
