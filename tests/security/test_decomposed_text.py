"""Vietnamese typed decomposed (NFD), on the pages, through the API or in an import, is stored
composed (NFC) and measured so: a comment of the longest length typed decomposed still fits."""

from __future__ import annotations

import unicodedata

from tests.security.forging import accepted, post_multipart, stored
from webapp.auth.models import User
from webapp.directives.models import Directive
from webapp.reports.models import Report
from webapp.tasks.models import ExtensionRequest
from webapp.units.models import Unit

COMPOSED = "Đã khắc phục tình trạng trễ hạn ở phường Tân Tiến, Bửu Hòa, Hóa An"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)
# Two thousand letters composed, six thousand code points decomposed (u, horn, grave).
WIDE = "ừ" * 2000
WIDE_DECOMPOSED = unicodedata.normalize("NFD", WIDE)


def test_the_decomposed_samples_really_are():
    assert DECOMPOSED != COMPOSED and len(DECOMPOSED) > len(COMPOSED)
    assert len(WIDE_DECOMPOSED) == 6000


def test_decomposed_text_typed_by_the_admin_is_stored_composed(client, issued, login):
    login("quantri")
    unit = {"name": f"UBND phường {DECOMPOSED}", "kind": "ward", "parent_code": ""}
    accepted(client, "/admin/units/ANBINH/edit", "/admin/units/ANBINH/edit", unit)
    user = {
        "username": "nguoi-moi",
        "display_name": DECOMPOSED[:120],
        "role": "office",
        "unit_code": "",
        "password": "mat-khau-nguoi-moi",
    }
    accepted(client, "/admin/users/new", "/admin/users/new", user)
    assert stored(Unit, Unit.code == "ANBINH").name == f"UBND phường {COMPOSED}"
    display = stored(User, User.username == "nguoi-moi").display_name
    assert display == unicodedata.normalize("NFC", DECOMPOSED[:120])


def test_decomposed_text_typed_on_a_task_page_is_stored_composed(client, issued, login):
    task, other = issued.task("ANBINH"), issued.task("ANBINH", 3)
    login("anbinh")
    report = {"text": DECOMPOSED, "percent": "50"}
    accepted(client, f"/tasks/{task.id}", f"/tasks/{task.id}/reports", report)
    extension = {"deadline": "2099-12-31", "reason": DECOMPOSED}
    accepted(client, f"/tasks/{other.id}", f"/tasks/{other.id}/extensions", extension)
    saved = stored(Report, Report.task_id == task.id)
    assert saved.text == COMPOSED
    assert stored(ExtensionRequest, ExtensionRequest.task_id == other.id).reason == COMPOSED
    login("vanphong")
    comment = {"review-comment": WIDE_DECOMPOSED}
    accepted(client, f"/tasks/{task.id}", f"/reports/{saved.id}/comment", comment)
    login("chutich")
    decision = {"decision-comment": DECOMPOSED, "decision-refuse": "Chưa đạt", "confirmed": "1"}
    accepted(client, f"/tasks/{task.id}", f"/reports/{saved.id}/decide", decision)
    saved = stored(Report, Report.id == saved.id)
    assert (saved.office_comment, saved.decision_comment) == (WIDE, COMPOSED)


def test_decomposed_text_sent_to_the_api_is_stored_composed(client, issued, tokens):
    task = issued.task("ANBINH")
    created = post_multipart(
        client, f"/api/v1/tasks/{task.id}/reports", [("text", DECOMPOSED)], headers=tokens["anbinh"]
    )
    assert created.status_code == 201 and created.json["text"] == COMPOSED
    returned = client.post(
        f"/api/v1/reports/{created.json['id']}/return",
        json={"comment": WIDE_DECOMPOSED},
        headers=tokens["leader"],
    )
    assert returned.status_code == 200 and returned.json["decision_comment"] == WIDE
    drafted = client.post(
        "/api/v1/directives", json={"period": "2024-01"}, headers=tokens["office"]
    )
    letter = drafted.json["id"]
    patch = {"subject": DECOMPOSED, "addressees": [DECOMPOSED], "opening": [DECOMPOSED]}
    patched = client.patch(f"/api/v1/directives/{letter}", json=patch, headers=tokens["office"])
    assert patched.status_code == 200
    assert (
        client.post(f"/api/v1/directives/{letter}/submit", headers=tokens["office"]).status_code
        == 200
    )
    back = client.post(
        f"/api/v1/directives/{letter}/return",
        json={"comment": DECOMPOSED},
        headers=tokens["leader"],
    )
    assert back.status_code == 200
    saved = stored(Directive, Directive.id == letter)
    assert (saved.subject, saved.addressees, saved.opening) == (COMPOSED, [COMPOSED], [COMPOSED])
    assert saved.return_comment == COMPOSED
    csv = f'code,name,kind,parent_code\nPHUMY,"UBND xã {DECOMPOSED}",commune,\n'
    imported = post_multipart(
        client,
        "/api/v1/imports",
        [("kind", "units")],
        [("file", "don-vi.csv", "text/csv", csv.encode())],
        tokens["office"],
    )
    assert imported.status_code == 201
    assert stored(Unit, Unit.code == "PHUMY").name == f"UBND xã {COMPOSED}"
