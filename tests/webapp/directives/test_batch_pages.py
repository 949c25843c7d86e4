"""The reminder batch: one letter per failing unit, drafted from the letters page, followed while
it is rendered."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import JANUARY, small_city
from webapp.directives.batch.models import LetterBatch
from webapp.directives.models import Directive, DirectiveState, LetterKind
from webapp.extensions import db


@pytest.fixture(autouse=True)
def files_in_tmp(app, tmp_path, monkeypatch):
    """Keep rendered letters out of the real instance folder."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))


@pytest.fixture
def city(app):
    city = small_city()
    db.session.commit()
    return city


def token(auth) -> str:
    return auth.csrf_token("/account")


def draft_batch(client, auth, period: str = "2024-01"):
    return client.post(
        "/directives/reminders", data={"reminder-period": period, "csrf_token": token(auth)}
    )


def failing_units() -> set[str]:
    return set().union(*JANUARY.values())


def test_the_office_drafts_one_reminder_per_failing_unit_and_sees_them_rendered(client, auth, city):
    auth.login("vanphong")
    page = client.get("/directives").get_data(as_text=True)
    assert "Soạn công văn đôn đốc từng đơn vị" in page
    assert 'name="reminder-period"' in page

    response = draft_batch(client, auth)

    assert response.status_code == 302
    batch_url = response.headers["Location"]
    assert re.fullmatch(r"/directives/batches/\d+", batch_url)
    batch = db.session.scalars(select(LetterBatch)).one()
    assert batch.kind == LetterKind.REMINDER and batch.period == "2024-01"
    leads = [{u.code for a in d.assignments for u in a.lead_units} for d in batch.directives]
    assert sorted(leads, key=sorted) == sorted(({code} for code in failing_units()), key=sorted)
    assert {d.state for d in batch.directives} == {DirectiveState.DRAFT}

    shown = client.get(batch_url)
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert f"Đã soạn {len(batch.directives)} công văn đôn đốc" in text
    assert 'data-testid="batch-done"' in text
    for directive in batch.directives:
        assert f"/directives/{directive.id}/document.pdf" in text
    progress = client.get(f"{batch_url}/progress").json
    assert progress == {"status": "done", "progress": 1.0, "rendered": len(batch.directives)}
    pdf = client.get(f"/directives/{batch.directives[0].id}/document.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_bad_period_or_a_month_without_failures_is_refused_and_nothing_is_drafted(
    client, auth, city
):
    auth.login("vanphong")

    bad = draft_batch(client, auth, "01/2024")
    assert bad.status_code == 422
    assert "Kỳ số liệu phải có dạng YYYY-MM" in bad.get_data(as_text=True)

    empty = draft_batch(client, auth, "2023-10")
    assert empty.status_code == 422
    assert "Chưa có số liệu tháng 10/2023" in empty.get_data(as_text=True)

    assert db.session.scalar(select(func.count(Directive.id))) == 0
    assert db.session.scalar(select(func.count(LetterBatch.id))) == 0


@pytest.mark.parametrize(
    ("username", "draft_status", "page_status"),
    [("chutich", 403, 200), ("quantri", 302, 200), ("anbinh", 404, 404)],
)
def test_who_drafts_and_who_follows_a_batch(
    client, auth, city, username, draft_status, page_status
):
    auth.login("vanphong")
    batch_url = draft_batch(client, auth).headers["Location"]
    auth.logout()
    auth.login(username)

    assert draft_batch(client, auth).status_code == draft_status
    assert client.get(batch_url).status_code == page_status
    assert client.get(f"{batch_url}/progress").status_code == page_status


def test_anonymous_is_sent_to_login_and_a_missing_batch_is_404(client, auth, city):
    assert client.get("/directives/batches/1").status_code == 302
    auth.login("vanphong")
    assert client.get("/directives/batches/999").status_code == 404


def test_without_csrf_token_nothing_is_drafted(client, auth, city):
    auth.login("vanphong")
    response = client.post("/directives/reminders", data={"reminder-period": "2024-01"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(LetterBatch.id))) == 0
