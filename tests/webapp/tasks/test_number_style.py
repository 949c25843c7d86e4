"""Numbers people read on the task pages and the inbox: a decimal comma, a spaced percent sign."""

from __future__ import annotations

import re

from tests.factories import PDF, city_bearers
from tests.webapp.tasks.test_api_and_pages import login, report_via_api
from webapp.extensions import db
from webapp.tasks.compliance import evaluate_criteria

# 7,475 bytes: "7,3 KB", never "7.3 KB".
EVIDENCE = PDF + b"%" * (7475 - len(PDF))


def test_an_evidence_file_size_has_a_decimal_comma(client, auth, issued):
    task = issued.task("ANBINH")
    sent = report_via_api(
        client, city_bearers(issued.city)["anbinh"], task.id, files=[("bien-ban.pdf", EVIDENCE)]
    )
    assert sent.status_code == 201
    login(auth, "vanphong")

    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)

    assert "(7,3 KB)" in page
    assert not re.search(r"\d\.\d KB", page)


def test_the_inbox_shows_a_rate_with_its_percent_sign_and_decimal_comma(client, auth, issued):
    city = issued.city
    city.add_month("TAMPHUOC", "2024-02", resolved_on_time=75, resolved_late=5)
    evaluate_criteria(["2024-02"])
    db.session.commit()
    login(auth, "chutich")

    inbox = client.get("/inbox").get_data(as_text=True)

    assert "Tỷ lệ giải quyết đúng hạn: 93,75 % (chưa đạt)" in inbox
    assert not re.search(r": \d+(\.\d+)? \(", inbox)
