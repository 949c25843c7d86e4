"""The checks of PDFs at /verify are counted per address in the database, so every process of
the server sees them: past VERIFY_MAX_PER_ADDRESS within VERIFY_WINDOW_MINUTES the page answers
429 with Retry-After and says why; old records are pruned."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from webapp.database import utcnow
from webapp.extensions import db
from webapp.jobs.housekeeping import prune_verify_attempts
from webapp.signing.models import VerifyAttempt

ADDRESS = "203.0.113.7"


@pytest.fixture
def limited(app, monkeypatch):
    """Two checks per address every ten minutes."""
    monkeypatch.setitem(app.config, "VERIFY_MAX_PER_ADDRESS", 2)
    monkeypatch.setitem(app.config, "VERIFY_WINDOW_MINUTES", 10)


def csrf_token(client) -> str:
    page = client.get("/verify").get_data(as_text=True)
    return page.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]


def post_pdf(client, data: bytes, address: str = ADDRESS):
    return client.post(
        "/verify",
        data={"csrf_token": csrf_token(client), "file": (io.BytesIO(data), "cong-van.pdf")},
        content_type="multipart/form-data",
        environ_base={"REMOTE_ADDR": address},
    )


def attempts(address: str = ADDRESS) -> int:
    return db.session.scalar(
        select(func.count()).select_from(VerifyAttempt).where(VerifyAttempt.address == address)
    )


def test_checks_past_the_limit_of_an_address_are_refused_with_429(client, limited, signed_letter):
    assert [post_pdf(client, signed_letter).status_code for _ in range(2)] == [200, 200]

    refused = post_pdf(client, signed_letter)

    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    assert "Đã kiểm tra quá nhiều tệp từ địa chỉ này trong 10 phút" in page
    assert "Vui lòng thử lại sau 10 phút." in page
    assert 'data-testid="verify-form"' in page and 'data-testid="signature-report"' not in page
    assert attempts() == 2  # a refusal is not counted
    assert post_pdf(client, signed_letter, address="198.51.100.9").status_code == 200


def test_checks_counted_by_another_process_count_here(client, limited, signed_letter):
    now = utcnow()
    db.session.add_all(
        [
            VerifyAttempt(address=ADDRESS, attempted_at=now - timedelta(minutes=4)),
            VerifyAttempt(address=ADDRESS, attempted_at=now - timedelta(minutes=1)),
            VerifyAttempt(address=ADDRESS, attempted_at=now - timedelta(minutes=11)),
        ]
    )
    db.session.commit()

    refused = post_pdf(client, signed_letter)

    assert refused.status_code == 429
    # The older of the two checks in the window leaves it in six minutes.
    assert 355 <= int(refused.headers["Retry-After"]) <= 360
    assert "Vui lòng thử lại sau 6 phút." in refused.get_data(as_text=True)


def test_every_post_counts_even_without_a_file(client, limited):
    for _ in range(2):
        answer = client.post(
            "/verify",
            data={"csrf_token": csrf_token(client)},
            environ_base={"REMOTE_ADDR": ADDRESS},
        )
        assert answer.status_code == 422
    assert attempts() == 2
    assert client.get("/verify", environ_base={"REMOTE_ADDR": ADDRESS}).status_code == 200


def test_pruning_deletes_only_records_older_than_its_age(app):
    now = utcnow()
    for hours in (25, 24 * 30, 23, 0):
        db.session.add(
            VerifyAttempt(
                address=f"10.0.0.{hours % 250}", attempted_at=now - timedelta(hours=hours)
            )
        )
    db.session.flush()

    assert prune_verify_attempts(max_age_hours=24) == 2
    assert db.session.scalar(select(func.count()).select_from(VerifyAttempt)) == 2
