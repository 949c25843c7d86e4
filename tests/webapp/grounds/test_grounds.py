"""The grounds letters cite are kept as data: the office adds and retires them, a draft cites the
active ones, and choosing others in the editor rewrites only the opening's "Căn cứ …"."""

from __future__ import annotations

import re
from datetime import date

from tests import factories
from tests.webapp.directives.editor_form import editor_data
from webapp.directives.operations import draft_directive
from webapp.extensions import db
from webapp.grounds.models import Ground
from webapp.grounds.operations import add_ground

PLAN = (
    "plan",
    "394/KH-UBND",
    date(2024, 1, 8),
    "UBND thành phố",
    "về kiểm tra cải cách hành chính",
)
PROPOSAL = ("proposal", "12/TTr-VP", date(2024, 1, 20), "Văn phòng HĐND và UBND thành phố", "")


def test_the_office_adds_and_retires_grounds_on_its_page(client, auth, app):
    factories.issuing_body()
    factories.user("office", username="vanphong")
    db.session.commit()
    auth.login("vanphong")
    token = auth.csrf_token("/grounds")

    added = client.post(
        "/grounds",
        data={
            "kind": "plan",
            "number_text": "394/KH-UBND",
            "issued_on": "2024-01-08",
            "issuer": "UBND thành phố",
            "title": "về kiểm tra cải cách hành chính",
            "csrf_token": token,
        },
    )
    refused = client.post("/grounds", data={"kind": "plan", "csrf_token": token})

    assert added.status_code == 302
    page = client.get("/grounds").text
    assert "Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành phố về kiểm tra" in page
    assert refused.status_code == 422 and "Vui lòng nhập số, ký hiệu." in refused.text
    (ground,) = db.session.query(Ground).all()
    client.post(f"/grounds/{ground.id}/toggle", data={"csrf_token": token})
    db.session.refresh(ground)
    assert ground.active is False and "Đã ngừng dùng" in client.get("/grounds").text


def test_choosing_other_grounds_rewrites_only_the_clause_before_the_review(client, app):
    city = factories.small_city()
    plan = add_ground(city.office, *PLAN)
    proposal = add_ground(city.office, *PROPOSAL)
    proposal.active = False
    letter = draft_directive(city.office, "2024-01")
    headers = factories.bearer(city.office)
    db.session.commit()
    opening = list(letter.opening)
    assert letter.ground_ids == [plan.id]
    assert opening[0].startswith("Căn cứ Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành")

    changed = client.patch(
        f"/api/v1/directives/{letter.id}", json={"ground_ids": [plan.id, proposal.id]},
        headers=headers,
    )  # fmt: skip
    unknown = client.patch(
        f"/api/v1/directives/{letter.id}", json={"ground_ids": [999999]}, headers=headers
    )

    assert changed.status_code == 200, changed.json
    first = changed.json["opening"][0]
    assert first.startswith(
        "Căn cứ Kế hoạch số 394/KH-UBND ngày 08/01/2024 của UBND thành phố về kiểm tra cải cách "
        "hành chính; Tờ trình số 12/TTr-VP ngày 20/01/2024 của Văn phòng HĐND và UBND thành phố; "
        "qua xem xét"
    )
    assert first.endswith(opening[0][opening[0].index("; qua xem xét") + len("; qua xem xét") :])
    assert changed.json["opening"][1:] == opening[1:]
    assert unknown.status_code == 422
    assert unknown.json["details"][0]["field"] == "ground_ids"


def test_the_editor_offers_the_grounds_and_a_new_choice_rewrites_the_clause(client, auth, app):
    city = factories.small_city()
    plan = add_ground(city.office, *PLAN)
    proposal = add_ground(city.office, *PROPOSAL)
    letter = draft_directive(city.office, "2024-01")
    db.session.commit()
    auth.login("vanphong")

    page = client.get(f"/directives/{letter.id}/edit").text

    chosen = re.findall(r'<option selected value="(\d+)"|<option value="(\d+)" selected', page)
    assert {int(a or b) for a, b in chosen} >= {plan.id, proposal.id}
    assert "Tờ trình số 12/TTr-VP ngày 20/01/2024" in page
    data = editor_data(letter, ground_ids=[str(proposal.id)])
    saved = client.post(
        f"/directives/{letter.id}/edit", data={**data, "csrf_token": auth.csrf_token("/account")}
    )
    assert saved.status_code == 302
    db.session.expire_all()
    stored = db.session.get(type(letter), letter.id)
    assert stored.ground_ids == [proposal.id]
    assert stored.opening[0].startswith(
        "Căn cứ Tờ trình số 12/TTr-VP ngày 20/01/2024 của Văn phòng"
    )
