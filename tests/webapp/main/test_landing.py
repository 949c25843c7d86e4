"""The landing page each role finds after logging in, and the health check."""

from __future__ import annotations

import re

from tests import factories
from webapp.extensions import db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_unit_lands_on_its_unit_with_its_active_colleagues(client, auth, app):
    department = factories.unit("QLDT", "Phòng Quản lý đô thị", kind="department")
    ward = factories.unit("ANBINH", "UBND phường An Bình", parent=department)
    factories.user("unit", ward, username="anbinh", display_name="Trần Thị Bích")
    factories.user("unit", ward, username="anbinh2", display_name="Lê Văn An")
    factories.user("unit", ward, username="nghi-viec", display_name="Đã Nghỉ", active=False)
    factories.user("unit", factories.unit("TANMAI"), username="tanmai", display_name="Ở Tân Mai")
    db.session.commit()

    auth.login("anbinh")
    page = text_of(client.get("/").get_data(as_text=True))

    assert "Mã đơn vị: ANBINH · Loại: Phường · Trực thuộc: Phòng Quản lý đô thị" in page
    assert "Lê Văn An (anbinh2) Trần Thị Bích (anbinh)" in page
    assert "Đã Nghỉ" not in page and "Ở Tân Mai" not in page


def test_staff_land_on_the_units_counted_by_kind_and_the_signers(client, auth, app):
    body = factories.issuing_body()
    chairman = factories.user("leader", username="chutich")
    factories.signer(body, "Trần Minh Khôi", "CHỦ TỊCH", account=chairman)
    factories.signer(body, "Lê Thị Thanh Hương", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")
    for code in ("ANBINH", "TANMAI", "BUUHOA"):
        factories.unit(code)
    factories.unit("NV", kind="department")
    factories.user("office", username="vanphong")
    db.session.commit()

    auth.login("vanphong")
    office = text_of(client.get("/").get_data(as_text=True))
    assert "Phòng ban chuyên môn 1 Phường 3 Xã 0 Cơ quan ngành dọc 0" in office
    assert "Ký hiệu văn bản: UBND-VP" in office
    assert "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH: Lê Thị Thanh Hương" in office

    auth.logout()
    auth.login("chutich")
    leader = text_of(client.get("/").get_data(as_text=True))
    assert "Chức danh ký văn bản CHỦ TỊCH Trần Minh Khôi" in leader


def test_the_admin_lands_on_the_accounts_counted_by_role(client, auth, app):
    factories.user("admin", username="quantri")
    for _ in range(3):
        factories.user("office")
    db.session.commit()

    auth.login("quantri")
    page = text_of(client.get("/").get_data(as_text=True))

    assert "Chuyên viên Văn phòng 3" in page and "Quản trị hệ thống 1" in page


def test_the_health_check_answers_from_the_database(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}
