"""The e-mail choice on the account page, and the daily digest: one e-mail a day of the day's
unread notifications to each user who chose it, each notification marked e-mailed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest

from tests import factories
from tests.smtp import smtp_server as running_smtp_server
from webapp.auth.models import EmailFrequency
from webapp.extensions import db
from webapp.notifications.digest import send_digests
from webapp.notifications.mail import claim_pending, send_claimed
from webapp.notifications.models import EmailStatus, Notification
from webapp.notifications.operations import mark_read, notify

TODAY = date(2026, 12, 5)


@pytest.fixture
def smtp_server(app, monkeypatch):
    with running_smtp_server() as mailbox:
        monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setitem(app.config, "SMTP_PORT", mailbox.port)
        yield mailbox


@pytest.fixture
def people(app):
    ward = factories.unit("ANBINH", "UBND phường An Bình")
    daily = factories.user("unit", ward, username="anbinh")
    daily.email, daily.email_frequency = "anbinh@bienhoa.gov.vn", EmailFrequency.DAILY
    now = factories.user("office", username="vanphong")
    now.email = "vanphong@bienhoa.gov.vn"
    never = factories.user("leader", username="chutich")
    never.email, never.email_frequency = "chutich@bienhoa.gov.vn", EmailFrequency.NEVER
    db.session.commit()
    return daily, now, never


def checked(page: str) -> list[str]:
    """The ticked choice of the e-mail form."""
    return re.findall(r'<input checked[^>]*name="mail-email_frequency"[^>]*value="(\w+)"', page)


def body_of(envelope) -> str:
    message = message_from_bytes(envelope.content)
    return message.get_payload(decode=True).decode("utf-8")


def test_the_account_page_keeps_the_chosen_way_of_e_mailing(client, auth, people):
    daily, now, _never = people
    auth.login("vanphong")
    page = client.get("/account").text
    assert checked(page) == ["immediate"] and "Gửi một thư tổng hợp mỗi ngày" in page
    token = auth.csrf_token("/account")
    answer = client.post(
        "/account/notifications", data={"csrf_token": token, "mail-email_frequency": "daily"}
    )
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(now), now.id).email_frequency == EmailFrequency.DAILY
    assert checked(client.get("/account").text) == ["daily"]
    wrong = client.post(
        "/account/notifications", data={"csrf_token": token, "mail-email_frequency": "hourly"}
    )
    assert wrong.status_code == 422 and "Lựa chọn không hợp lệ" in wrong.text
    db.session.expire_all()
    assert db.session.get(type(now), now.id).email_frequency == EmailFrequency.DAILY


def test_one_digest_a_day_lists_the_unread_notifications_and_marks_them(people, smtp_server):
    daily, now, never = people
    first = notify(
        [daily, now, never], "Văn bản 01/UBND-VP giao nhiệm vụ cho đơn vị", "", "/tasks/1"
    )
    (second,) = notify([daily], "Lãnh đạo đồng ý gia hạn nhiệm vụ 2", "", "/tasks/2")
    (read,) = notify([daily], "Thông báo đã đọc")
    db.session.commit()
    mark_read(daily, read.id)
    db.session.commit()
    by_user = {note.user_id: note for note in first}
    assert by_user[daily.id].email_status == EmailStatus.NONE  # waits for the digest
    assert by_user[never.id].email_status == EmailStatus.NONE
    assert by_user[now.id].email_status == EmailStatus.PENDING
    assert send_claimed(claim_pending()) == 1  # the immediate one alone
    smtp_server.wait_for(1)

    assert send_digests(TODAY) == 1
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2 and messages[1].rcpt_tos == ["anbinh@bienhoa.gov.vn"]
    subject = message_from_bytes(messages[1].content, policy=policy.default)["Subject"]
    assert subject == "Tổng hợp thông báo ngày 05/12/2026: 2 thông báo chưa đọc"
    body = body_of(messages[1])
    assert "Văn bản 01/UBND-VP giao nhiệm vụ" in body and "/tasks/2" in body
    assert "Thông báo đã đọc" not in body
    db.session.expire_all()
    for note_id in (by_user[daily.id].id, second.id):
        note = db.session.get(Notification, note_id)
        assert note.email_status == EmailStatus.SENT and note.emailed_at is not None

    notify([daily], "Báo cáo về nhiệm vụ 3 chưa đạt, cần bổ sung")
    db.session.commit()
    assert send_digests(TODAY) == 0  # one a day: run again (a retried job), nothing more
    assert send_digests(TODAY + timedelta(days=1)) == 1  # the next day's
    assert len(smtp_server.wait_for(3)) == 3


def test_without_smtp_no_digest_is_sent_and_nothing_is_marked(app, people):
    daily, _now, _never = people
    (note,) = notify([daily], "Thông báo")
    db.session.commit()
    assert send_digests(TODAY) == 0
    db.session.expire_all()
    assert db.session.get(Notification, note.id).emailed_at is None


def test_the_digest_command_sends_today_s_digests(app, people, smtp_server):
    daily, _now, _never = people
    notify([daily], "Văn bản 02/UBND-VP chờ ký")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["digest"])
    assert result.exit_code == 0 and "Đã gửi 1 thư tổng hợp." in result.output
    assert len(smtp_server.wait_for(1)) == 1
