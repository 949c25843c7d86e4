"""A unit reports on several of its tasks of one letter at once: one report per ticked task, with
the same text and the same evidence files (stored once); nothing is sent unless all can be."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from tests.factories import PDF
from webapp.extensions import db
from webapp.notifications.models import Notification
from webapp.reports.evidence import evidence_path
from webapp.reports.models import Report
from webapp.reports.operations import submit_report
from webapp.tasks.models import UnitTask
from workflows.machines.task import State

TEXT = "Đã chấn chỉnh công chức, rà soát toàn bộ hồ sơ của tháng."


def page_of(issued) -> str:
    return f"/directives/{issued.letter.id}/unit-report"


def send(client, auth, issued, *tasks, files=True):
    token = auth.csrf_token(page_of(issued))
    data = {"csrf_token": token, "text": TEXT, "percent": "100", "task": [str(t.id) for t in tasks]}
    if files:
        data["files"] = [(io.BytesIO(PDF), "bien-ban.pdf")]
    return client.post(page_of(issued), data=data, content_type="multipart/form-data")


def reports_of(task: UnitTask) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.task_id == task.id)))


def states(*tasks) -> list[State]:
    db.session.expire_all()
    return [db.session.get(UnitTask, t.id).state for t in tasks]


def test_one_report_with_one_set_of_files_goes_to_each_ticked_task(client, auth, issued):
    city = issued.city
    mine = [t for t in issued.tasks if t.unit_id == city.anbinh.unit_id]
    assert len(mine) >= 3
    first, second, left = mine[0], mine[1], mine[2]
    auth.login("anbinh")
    page = client.get(page_of(issued)).text
    ticked = {int(i) for i in re.findall(r'name="task" value="(\d+)"[^>]*checked', page)}
    assert ticked == {t.id for t in mine}
    assert f"/tasks/{issued.task('TANTIEN').id}" not in page

    answer = send(client, auth, issued, first, second)  # the third is unticked
    assert answer.status_code == 302
    assert states(first, second, left) == [State.REPORTED, State.REPORTED, State.NOT_STARTED]
    (one,), (two,) = reports_of(first), reports_of(second)
    assert one.text == two.text == TEXT and one.id != two.id
    assert [e.sha256 for e in one.evidence] == [e.sha256 for e in two.evidence]
    evidence = one.evidence[0]
    assert evidence_path(evidence.sha256, evidence.content_type).read_bytes() == PDF
    # Each report is a hand-off of its own: the office hears of each once.
    subjects = db.session.scalars(
        select(Notification.subject).where(Notification.user_id == city.office.id)
    ).all()
    assert sum("Báo cáo của UBND phường An Bình" in s for s in subjects) == 2
    for report in (one, two):  # each report's evidence opens for the unit
        response = client.get(f"/evidence/{report.evidence[0].id}")
        assert response.data == PDF
        response.close()


def test_a_task_that_cannot_be_reported_refuses_them_all(client, auth, issued):
    city = issued.city
    mine = [t for t in issued.tasks if t.unit_id == city.anbinh.unit_id]
    submit_report(city.anbinh, mine[0], "Đã báo cáo trước.", 100)
    db.session.commit()
    auth.login("anbinh")
    answer = send(client, auth, issued, mine[0], mine[1])
    assert answer.status_code == 422
    assert f"Không báo cáo được nhiệm vụ {mine[0].assignment.position}" in answer.text
    assert states(mine[1]) == [State.NOT_STARTED] and reports_of(mine[1]) == []

    other_unit = issued.task("TANTIEN")
    answer = send(client, auth, issued, mine[1], other_unit)
    assert answer.status_code == 422 and "Chỉ chọn được nhiệm vụ của đơn vị" in answer.text
    assert states(mine[1], other_unit) == [State.NOT_STARTED, State.NOT_STARTED]


def test_nothing_ticked_or_no_text_is_a_clear_refusal(client, auth, issued):
    auth.login("anbinh")
    answer = send(client, auth, issued, files=False)
    assert answer.status_code == 422 and "Chưa chọn nhiệm vụ nào" in answer.text


def test_the_page_is_the_units_own(client, auth, issued):
    auth.login("vanphong")
    assert client.get(page_of(issued)).status_code == 403
