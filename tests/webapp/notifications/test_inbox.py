"""The notifications page: each user sees their own, newest first, and marks them read."""

from __future__ import annotations

import re

import pytest

from tests import factories
from webapp.extensions import db
from webapp.notifications.models import Notification
from webapp.notifications.operations import notify, unread_count


@pytest.fixture
def people(app):
    ward = factories.unit("ANBINH", "UBND phường An Bình")
    reader = factories.user("unit", ward, username="anbinh")
    other = factories.user("office", username="vanphong")
    notify([reader], "Thông báo cũ")
    notify([reader], "Có nhiệm vụ mới", link="/tasks/7")
    (foreign,) = notify([other], "Thư của văn phòng")
    db.session.commit()
    return {"reader": reader, "other": other, "foreign": foreign}


def shown(page: str) -> list[str]:
    """The subjects of the listed notifications, top to bottom."""
    items = re.findall(r'<li class="[^"]*" data-notification="\d+">(.*?)</li>', page, re.S)
    return [re.sub(r"<[^>]+>", "", item).split("\n")[2].strip() for item in items]


def unread_ids(user) -> set[int]:
    db.session.expire_all()
    return {
        note.id for note in db.session.query(Notification).filter_by(user_id=user.id, read_at=None)
    }


def test_a_user_sees_only_their_own_notifications_newest_first(client, auth, people):
    auth.login("anbinh")
    page = client.get("/notifications").get_data(as_text=True)

    assert shown(page) == ["Có nhiệm vụ mới", "Thông báo cũ"]
    assert 'href="/tasks/7"' in page
    assert "Thư của văn phòng" not in page


def test_marking_one_read_touches_only_that_one_of_ones_own(client, auth, people):
    reader, other = people["reader"], people["other"]
    newest, oldest = sorted(unread_ids(reader), reverse=True)
    auth.login("anbinh")
    token = auth.csrf_token("/notifications")

    answer = client.post("/notifications/read", data={"id": newest, "csrf_token": token})
    assert answer.status_code == 302 and answer.location.endswith("/notifications")
    assert unread_ids(reader) == {oldest}

    # Another user's notification by its id, and an id that is no number: nothing changes.
    client.post("/notifications/read", data={"id": people["foreign"].id, "csrf_token": token})
    client.post("/notifications/read", data={"id": "mot", "csrf_token": token})
    assert unread_ids(reader) == {oldest}
    assert unread_count(other) == 1

    client.post("/notifications/read", data={"csrf_token": token})
    assert unread_ids(reader) == set()
    assert unread_count(other) == 1


def test_without_a_csrf_token_nothing_is_marked(client, auth, people):
    auth.login("anbinh")
    client.post("/notifications/read", data={})
    assert len(unread_ids(people["reader"])) == 2
