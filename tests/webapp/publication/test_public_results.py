"""The public monthly results: hidden until published, open without login, ranked, downloadable,
corrected openly, and with nothing about officials or citizens."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.factories import small_city
from webapp.extensions import db
from webapp.publication.models import PublishedPeriod
from webapp.publication.operations import publish_period
from webapp.stats.models import Complaint, ComplaintChannel, UnitPeriodFigures
from workflows.errors import Conflict, InvalidInput, PermissionDenied


@pytest.fixture
def city(app):
    built = small_city()
    db.session.add(
        Complaint(
            code="PA-1",
            unit_id=built.units["ANBINH"].id,
            received_at=datetime(2024, 1, 9, tzinfo=UTC),
            channel=ComplaintChannel.HOTLINE_1022,
            subject="Thái độ",
            official_name="Lê Văn Tám",
        )
    )
    db.session.commit()
    return built


def csrf(auth) -> str:
    return auth.csrf_token("/account")


def test_nothing_is_public_before_the_office_publishes(client, city):
    assert client.get("/public/results?period=2024-01").status_code == 404
    answer = client.get("/api/v1/public/results?period=2024-01")
    assert answer.status_code == 404 and answer.json["error"]


def test_published_results_are_open_ranked_and_downloadable(client, city):
    publish_period(city.office, "2024-01")
    db.session.commit()
    page = client.get("/public/results?period=2024-01")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "UBND phường Tam Phước" in text and 'data-testid="public-chart"' in text
    assert "Lê Văn Tám" not in text and "Thái độ" not in text
    api = client.get("/api/v1/public/results?period=2024-01").json
    ranks = {row["unit"]: row["rank"] for row in api["rows"]}
    assert (
        ranks["UBND xã Hiệp Hòa"] == 1
        and ranks["UBND phường Tam Phước"] > ranks["UBND xã Hiệp Hòa"]
    )
    assert api["rows"][-1]["on_time_rate"] is not None or api["rows"][-1]["rank"] is None
    assert "official" not in str(api)
    sheet = load_workbook(io.BytesIO(client.get("/public/results.xlsx?period=2024-01").data)).active
    assert sheet["B1"].value == "Đơn vị" and sheet.max_row == len(api["rows"]) + 1
    pdf = client.get("/public/results.pdf?period=2024-01")
    assert pdf.mimetype == "application/pdf"
    words = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 01/2024" in words
    assert "UBND phường Tam Phước" in " ".join(words.split())


def test_a_correction_is_published_as_such_never_silently(client, city):
    publish_period(city.office, "2024-01")
    db.session.commit()
    with pytest.raises(Conflict):
        publish_period(city.office, "2024-01")
    figures = db.session.scalars(
        db.select(UnitPeriodFigures).where(
            UnitPeriodFigures.unit_id == city.units["TAMPHUOC"].id,
            UnitPeriodFigures.period == "2024-01",
        )
    ).one()
    figures.resolved_late = 1
    corrected = publish_period(city.office, "2024-01")
    db.session.commit()
    assert corrected.corrections == 1 and corrected.corrected_at is not None
    page = client.get("/public/results?period=2024-01").get_data(as_text=True)
    assert re.search(r"Đã đính chính ngày \d\d/\d\d/\d{4}", page)


def test_only_the_office_publishes(client, auth, city):
    with pytest.raises(PermissionDenied):
        publish_period(city.anbinh, "2024-01")
    with pytest.raises(InvalidInput):
        publish_period(city.office, "2023-05")
    auth.login("anbinh")
    answer = client.post("/stats/publish", data={"csrf_token": csrf(auth), "period": "2024-01"})
    assert answer.status_code in (403, 404)
    auth.logout()
    auth.login("vanphong")
    form = {"csrf_token": csrf(auth), "period": "2024-01", "confirmed": "1"}
    answer = client.post("/stats/publish", data=form)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/public/results")


def test_publishing_from_the_page_asks_for_confirmation_first(client, auth, city):
    auth.login("vanphong")
    form = {"csrf_token": csrf(auth), "period": "2024-01"}
    asked = client.post("/stats/publish", data=form)
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    units = db.session.scalar(select(func.count()).where(UnitPeriodFigures.period == "2024-01"))
    assert f"Công khai kết quả tháng 01/2024 của {units} đơn vị." in page
    assert 'name="period" value="2024-01"' in page and "Xác nhận công bố" in page
    assert db.session.scalar(select(func.count()).select_from(PublishedPeriod)) == 0
    assert client.get("/public/results?period=2024-01").status_code == 404
    done = client.post("/stats/publish", data={**form, "confirmed": "1"})
    assert done.status_code == 302 and done.headers["Location"].startswith("/public/results")
    assert db.session.scalar(select(func.count()).select_from(PublishedPeriod)) == 1
    # Nothing new to publish: no confirmation is asked, the refusal is told at once.
    again = client.post("/stats/publish", data=form)
    assert again.status_code == 302 and again.headers["Location"].startswith("/stats")
