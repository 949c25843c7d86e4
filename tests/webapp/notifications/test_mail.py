"""Notification e-mails reach a real SMTP server once, and a claim left by a sender that died is
taken up again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.smtp import smtp_server as running_smtp_server
from webapp.extensions import db
from webapp.notifications.mail import claim_pending, send_claimed
from webapp.notifications.models import EmailStatus, Notification
from webapp.notifications.operations import notify


@pytest.fixture
def smtp_server(app, monkeypatch):
    with running_smtp_server() as mailbox:
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", mailbox.port)
        yield mailbox


def test_notification_emails_reach_the_smtp_server_once(issued, smtp_server):
    user = issued.city.anbinh
    user.email = "anbinh@bienhoa.gov.vn"
    notes = notify([user, issued.city.tantien], "Nhắc việc: sắp đến hạn", "Nội dung", "/tasks/1")
    db.session.commit()
    assert [n.email_status for n in notes] == [EmailStatus.PENDING, EmailStatus.NONE]
    assert send_claimed(claim_pending()) == 1
    assert claim_pending() == []
    (envelope,) = smtp_server.wait_for(1)
    assert envelope.rcpt_tos == ["anbinh@bienhoa.gov.vn"]
    body = envelope.content.decode("utf-8", "replace")
    assert "/tasks/1" in body
    assert db.session.get(Notification, notes[0].id).email_status == EmailStatus.SENT


def test_an_email_claimed_by_a_sender_that_died_is_sent_again_later(issued, smtp_server):
    user = issued.city.anbinh
    user.email = "anbinh@bienhoa.gov.vn"
    (note,) = notify([user], "Thông báo")
    db.session.commit()
    assert claim_pending() == [note.id]  # this sender dies without sending
    assert claim_pending() == []  # another sender leaves it alone while the claim is fresh
    note.email_claimed_at = note.email_claimed_at - timedelta(hours=1)
    db.session.commit()
    assert claim_pending() == [note.id]
