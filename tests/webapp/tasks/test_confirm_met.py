"""The leader confirms a month's met proposals at once: exactly the ticked tasks change, each
audited and its unit told; a ticked task no longer proposed refuses the whole confirmation."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.webapp.trails import task_trail
from webapp.extensions import db
from webapp.notifications.models import Notification
from webapp.tasks.compliance import evaluate_criteria
from webapp.tasks.models import UnitTask
from workflows.machines.task import State


@pytest.fixture
def judged(issued):
    """February's figures judge the January letter: An Bình's task 2 and Bửu Hòa's task 1 met."""
    city = issued.city
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=45, resolved_late=5)
    city.add_month("BUUHOA", "2024-02", resolved_on_time=50, resolved_late=0)
    city.add_month("ANBINH", "2024-02", closed_late_in_software=0, complaints=1)
    evaluate_criteria(["2024-02"])
    db.session.commit()
    return issued


def listed(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="task" value="(\d+)"[^>]*checked', page)]


def confirm(client, auth, *task_ids, period="2024-02"):
    token = auth.csrf_token("/inbox/confirm?period=2024-02")
    data = {"csrf_token": token, "period": period, "task": [str(i) for i in task_ids]}
    return client.post("/inbox/confirm", data=data)


def states(*tasks) -> list[State]:
    db.session.expire_all()
    return [db.session.get(UnitTask, t.id).state for t in tasks]


def unit_notes(user) -> list[str]:
    stmt = select(Notification.subject).where(Notification.user_id == user.id)
    return [s for s in db.session.scalars(stmt) if "xác nhận đơn vị đã khắc phục" in s]


def test_exactly_the_ticked_tasks_are_confirmed_each_audited_and_told(client, auth, judged):
    city = judged.city
    met, kept = judged.task("BUUHOA", 1), judged.task("ANBINH", 2)
    auth.login("chutich")
    page = client.get("/inbox/confirm?period=2024-02").text
    assert set(listed(page)) >= {met.id, kept.id}
    assert "Xác nhận đạt" in page
    failing = judged.task("TAMPHUOC", 1)
    assert failing.id not in listed(page)

    answer = confirm(client, auth, met.id)  # An Bình's is unticked
    assert answer.status_code == 302
    assert states(met, kept) == [State.CONFIRMED, State.NOT_STARTED]
    assert task_trail(met)[-1] == "confirm" and "confirm" not in task_trail(kept)
    assert unit_notes(city.anbinh) == []
    assert kept.id in listed(client.get("/inbox/confirm?period=2024-02").text)
    assert met.id not in listed(client.get("/inbox/confirm?period=2024-02").text)


def test_a_ticked_task_no_longer_proposed_is_named_and_nothing_changes(client, auth, judged):
    met, gone = judged.task("ANBINH", 2), judged.task("BUUHOA", 1)
    auth.login("chutich")
    confirm(client, auth, gone.id)  # confirmed in another tab meanwhile
    answer = confirm(client, auth, met.id, gone.id)
    assert answer.status_code == 422
    assert "Nhiệm vụ 1 của văn bản" in answer.text and "Bửu Hòa" in answer.text
    assert states(met) == [State.NOT_STARTED]
    assert "confirm" not in task_trail(met)


def test_nothing_ticked_is_a_clear_refusal(client, auth, judged):
    auth.login("chutich")
    answer = confirm(client, auth)
    assert answer.status_code == 422 and "Chưa chọn nhiệm vụ nào" in answer.text


def test_the_unit_is_told_of_its_confirmation_once(client, auth, judged):
    city, met = judged.city, judged.task("ANBINH", 2)
    auth.login("chutich")
    confirm(client, auth, met.id)
    confirm(client, auth, met.id)  # sent again: refused, nothing new
    db.session.expire_all()
    assert len(unit_notes(city.anbinh)) == 1
