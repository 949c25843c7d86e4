"""The letter pages: list, drafting, the structured editor and its preview, signing, downloads.

Every POST carries a valid CSRF token (unless a test says otherwise), so a refusal comes from the
role, the scope or the letter's state, never from CSRF.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.webapp.directives.editor_form import editor_data
from webapp.audit.models import AuditEvent
from webapp.directives.models import (
    Assignment,
    AssignmentUnit,
    Directive,
    DirectiveState,
    UnitRole,
)
from webapp.directives.register.models import RegisterEntry
from webapp.errors import CSRF_MESSAGE, MESSAGES
from webapp.extensions import db
from webapp.imports.operations import import_file
from webapp.notifications.models import Notification

ACTORS = ("anonymous", "office", "leader", "admin", "unit")
LOGIN = "login"
ASSIGNMENT_TEXT = "Rà soát toàn bộ hồ sơ quên bấm kết thúc trên phần mềm."
DOSSIERS = (
    "dossier_code,unit_code,procedure_code,channel,received_at,due_at,returned_at,finished_at\n"
    "HS-1,ANBINH,1.000001,online,02/01/2024 08:00,10/01/2024 17:00,05/01/2024 10:00,"
    "05/01/2024 10:00\n"
    "HS-2,ANBINH,1.000001,online,03/01/2024 08:00,11/01/2024 17:00,10/01/2024 09:00,"
    "15/01/2024 09:00\n"
)


@pytest.fixture(autouse=True)
def files_in_tmp(app, tmp_path, monkeypatch):
    """Keep rendered letters out of the real instance folder."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))


@pytest.fixture
def world(app, make_unit, make_user, tmp_path):
    """A city with two wards, a user of each role, a draft letter and an issued one."""
    anbinh = make_unit("ANBINH", "UBND phường An Bình", kind="ward")
    tanmai = make_unit("TANMAI", "UBND phường Tân Mai", kind="ward")
    users = {
        "office": make_user("office", username="vanphong"),
        "leader": make_user("leader", username="chutich"),
        "admin": make_user("admin", username="quantri"),
        "unit": make_user("unit", unit=tanmai, username="tanmai"),
        "unit_named": make_user("unit", unit=anbinh, username="anbinh"),
    }
    body = factories.issuing_body()
    signer = factories.signer(body, "Trần Minh Khôi", "CHỦ TỊCH", account=users["leader"])
    draft = make_letter(body, signer, anbinh, subject="chấn chỉnh công tác giải quyết TTHC")
    issued = make_letter(
        body, signer, anbinh, subject="thông báo đã ban hành", state=DirectiveState.ISSUED
    )
    path = tmp_path / "ho-so.csv"
    path.write_text(DOSSIERS, encoding="utf-8")
    import_file(None, "dossiers", path, path.name)
    db.session.commit()
    return {
        "users": users,
        "units": {"ANBINH": anbinh, "TANMAI": tanmai},
        "body": body,
        "signer": signer,
        "draft": draft,
        "issued": issued,
    }


def make_letter(body, signer, unit, *, subject, state=DirectiveState.DRAFT) -> Directive:
    directive = factories.letter(
        body,
        state=state,
        subject=subject,
        signer=signer,
        period="2024-01",
        addressees=["UBND các phường, xã"],
        opening=["Căn cứ kết quả giải quyết TTHC tháng 01/2024."],
        lead_in="Chủ tịch UBND thành phố chỉ đạo như sau:",
        closing=["Yêu cầu các đơn vị nghiêm túc thực hiện."],
        recipients=["Văn phòng UBND tỉnh"],
        symbol=body.symbol,
    )
    directive.assignments.append(
        Assignment(
            position=1,
            heading="Đối với các đơn vị quên bấm kết thúc",
            text=ASSIGNMENT_TEXT,
            sub_items=["Báo cáo kết quả về Văn phòng."],
            deadline=date(2024, 2, 15),
            unit_links=[AssignmentUnit(unit=unit, role=UnitRole.LEAD)],
        )
    )
    db.session.add(directive)
    db.session.flush()
    return directive


def log_in(auth, world, actor: str, *, switching: bool = False) -> None:
    if switching:
        auth.logout()
    if actor != "anonymous":
        assert auth.login(world["users"][actor].username).status_code == 302


def token(auth, actor: str = "office") -> str:
    return auth.csrf_token("/login" if actor == "anonymous" else "/account")


def stored(directive_id: int) -> Directive:
    db.session.expire_all()
    return db.session.get(Directive, directive_id)


# What each actor gets. The draft is in state "draft"; a unit user is the one of TANMAI, which no
# letter names (a unit sees only issued letters naming it, tested below).
def matrix(office, leader, admin, unit=404, anonymous=LOGIN) -> dict:
    return {
        "anonymous": anonymous,
        "office": office,
        "leader": leader,
        "admin": admin,
        "unit": unit,
    }


EDITED = "/directives/{draft}/edit"
ROUTES = [
    ("GET", "/directives", matrix(200, 200, 200), None),
    ("POST", "/directives/draft", matrix("edit", 403, "edit"), {"period": "2024-01"}),
    ("GET", "/directives/{draft}", matrix(200, 200, 200), None),
    ("GET", EDITED, matrix(200, 403, 200), None),
    ("POST", EDITED, matrix(EDITED, 403, EDITED), "editor"),
    ("GET", "/directives/{draft}/preview", matrix(200, 200, 200), None),
    ("POST", "/directives/{draft}/preview", matrix(200, 403, 200), "editor"),
    ("GET", "/directives/{draft}/pdf", matrix(200, 200, 200), None),
    ("GET", "/directives/{draft}/document.docx", matrix(200, 200, 200), None),
    ("GET", "/directives/{draft}/document.pdf", matrix(200, 200, 200), None),
    ("POST", "/directives/{draft}/submit", matrix("show", 403, "show"), {}),
    ("POST", "/directives/{draft}/approve", matrix(403, "show", 403), {}),
    ("POST", "/directives/{draft}/return", matrix(403, "show", 403), {"comment": "Sửa lại."}),
    (
        "GET",
        "/directives/letter-assets/fonts/LiberationSerif-Regular.ttf",
        matrix(200, 200, 200, unit=200),
        None,
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "actor", "expected", "data"),
    [
        pytest.param(method, path, actor, expected[actor], data, id=f"{method} {path} [{actor}]")
        for method, path, expected, data in ROUTES
        for actor in ACTORS
    ],
)
def test_role_matrix(client, auth, world, method, path, actor, expected, data):
    draft = world["draft"]
    url = path.format(draft=draft.id)
    form = editor_data(draft) if data == "editor" else dict(data or {})
    log_in(auth, world, actor)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={**form, "csrf_token": token(auth, actor)})
    response.close()

    if expected == LOGIN:
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")
    elif expected == "edit":
        newest = db.session.scalar(select(func.max(Directive.id)))
        assert (response.status_code, response.location) == (302, f"/directives/{newest}/edit")
        assert newest != draft.id
    elif expected == "show":
        assert response.status_code == 302
        assert response.location == f"/directives/{draft.id}"
    elif isinstance(expected, str):
        assert (response.status_code, response.location) == (302, expected.format(draft=draft.id))
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:400]
        if expected == 404:
            assert MESSAGES[404] in response.get_data(as_text=True)
        if expected == 403:
            assert MESSAGES[403] in response.get_data(as_text=True)


def test_a_unit_sees_an_issued_letter_naming_it_and_nothing_else(client, auth, world):
    issued, draft = world["issued"], world["draft"]
    log_in(auth, world, "unit_named")

    assert client.get(f"/directives/{issued.id}").status_code == 200
    assert client.get(f"/directives/{issued.id}/document.pdf").status_code == 200
    assert client.get(f"/directives/{issued.id}/edit").status_code == 403
    assert client.get(f"/directives/{draft.id}").status_code == 404
    assert client.get("/directives").status_code == 404
    page = client.get(f"/directives/{issued.id}").get_data(as_text=True)
    assert 'data-testid="directive-timeline"' not in page
    assert "Ký và cấp số" not in page and "Trình ký" not in page


def test_list_filters_by_state_and_highlights_waiting_letters_for_the_leader(client, auth, world):
    world["draft"].state = DirectiveState.SUBMITTED
    db.session.commit()
    log_in(auth, world, "leader")

    page = client.get("/directives").get_data(as_text=True)
    assert 'data-testid="waiting-count">Có 1 văn bản đang chờ ký.' in page
    row = re.search(rf'<tr data-directive="{world["draft"].id}"[^>]*>', page).group(0)
    assert 'class="waiting"' in row
    assert "Chờ ký" in page
    assert "Soạn văn bản mới" not in page

    only_issued = client.get("/directives?state=issued").get_data(as_text=True)
    assert "thông báo đã ban hành" in only_issued
    assert "chấn chỉnh công tác giải quyết TTHC" not in only_issued


def test_office_list_offers_drafting_and_a_bad_period_is_refused_in_vietnamese(client, auth, world):
    log_in(auth, world, "office")
    assert "Soạn văn bản mới" in client.get("/directives").get_data(as_text=True)
    before = db.session.scalar(select(func.count(Directive.id)))

    response = client.post(
        "/directives/draft", data={"period": "01/2024", "csrf_token": token(auth)}
    )

    assert response.status_code == 422
    assert "Kỳ số liệu phải có dạng YYYY-MM" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Directive.id))) == before


def test_drafting_a_month_without_figures_says_so(client, auth, world):
    log_in(auth, world, "office")
    response = client.post(
        "/directives/draft", data={"period": "2023-05", "csrf_token": token(auth)}
    )
    assert response.status_code == 422
    assert "Chưa có số liệu tháng 05/2023" in response.get_data(as_text=True)


def test_editing_an_assignment_through_the_form_changes_the_database(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    data = editor_data(
        draft,
        **{
            "assignments-0-text": "Khắc phục ngay tình trạng quên bấm kết thúc.",
            "assignments-0-sub_items": "Kiểm tra từng hồ sơ.\nBáo cáo trước ngày 20.",
            "assignments-0-deadline": "2024-02-29",
            "assignments-0-lead_unit_codes": ["TANMAI"],
            "assignments-0-supporting_unit_codes": ["ANBINH"],
        },
    )

    response = client.post(f"/directives/{draft.id}/edit", data={**data, "csrf_token": token(auth)})

    assert (response.status_code, response.location) == (302, f"/directives/{draft.id}/edit")
    saved = stored(draft.id).assignments
    assert len(saved) == 1
    assert saved[0].text == "Khắc phục ngay tình trạng quên bấm kết thúc."
    assert saved[0].sub_items == ["Kiểm tra từng hồ sơ.", "Báo cáo trước ngày 20."]
    assert saved[0].deadline == date(2024, 2, 29)
    assert [u.code for u in saved[0].lead_units] == ["TANMAI"]
    assert [u.code for u in saved[0].supporting_units] == ["ANBINH"]
    page = client.get(f"/directives/{draft.id}/edit").get_data(as_text=True)
    assert "Đã lưu dự thảo." in page
    assert "Khắc phục ngay tình trạng quên bấm kết thúc." in page


def test_save_and_submit_stores_the_edit_and_hands_the_letter_to_the_leaders(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    assert "Lưu và trình ký" in client.get(f"/directives/{draft.id}/edit").text
    data = editor_data(draft, subject="Chấn chỉnh việc giải quyết hồ sơ trễ hạn")

    response = client.post(
        f"/directives/{draft.id}/edit",
        data={**data, "save_and_submit": "Lưu và trình ký", "csrf_token": token(auth)},
    )

    assert (response.status_code, response.location) == (302, f"/directives/{draft.id}")
    letter = stored(draft.id)
    assert letter.subject == "Chấn chỉnh việc giải quyết hồ sơ trễ hạn"
    assert letter.state.value == "submitted"
    told = db.session.scalars(
        select(Notification).where(Notification.subject.contains("chờ ký"))
    ).all()
    assert told and all(note.link == f"/directives/{draft.id}" for note in told)


def test_save_and_submit_with_a_refused_edit_submits_nothing(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    data = editor_data(draft, subject="")

    response = client.post(
        f"/directives/{draft.id}/edit",
        data={**data, "save_and_submit": "Lưu và trình ký", "csrf_token": token(auth)},
    )

    assert response.status_code == 422
    assert stored(draft.id).state.value == "draft"


def test_the_editor_adds_and_drops_the_annex_of_dossiers(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    assert 'data-testid="annex-summary"' not in client.get(f"/directives/{draft.id}/edit").text

    added = client.post(
        f"/directives/{draft.id}/edit",
        data={**editor_data(draft, annex="y"), "csrf_token": token(auth)},
    )

    assert added.status_code == 302
    assert [s["heading"][:25] for s in stored(draft.id).annex["sections"]] == [
        "1. UBND phường An Bình: 0",
        "2. UBND phường An Bình: 0",
    ]
    page = client.get(f"/directives/{draft.id}/edit").text
    assert "Phụ lục đang kèm: 2 mục, 2 hồ sơ." in page
    assert re.search(
        r'<input[^>]*checked[^>]*name="annex"|<input[^>]*name="annex"[^>]*checked', page
    )
    dropped = client.post(
        f"/directives/{draft.id}/edit", data={**editor_data(draft), "csrf_token": token(auth)}
    )
    assert dropped.status_code == 302 and stored(draft.id).annex is None


def test_an_over_long_subject_is_refused_next_to_the_field(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    data = editor_data(draft, subject="x" * 501)

    response = client.post(f"/directives/{draft.id}/edit", data={**data, "csrf_token": token(auth)})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'has-error">\s*<label for="subject"', page)
    assert "Trích yếu tối đa 500 ký tự." in page
    assert stored(draft.id).subject == "chấn chỉnh công tác giải quyết TTHC"


def test_an_operation_problem_is_shown_next_to_its_assignment(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    data = editor_data(draft, **{"assignments-0-lead_unit_codes": []})

    response = client.post(f"/directives/{draft.id}/edit", data={**data, "csrf_token": token(auth)})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(
        r'has-error" id="assignments-0-lead_unit_codes"[^>]*>\s*<legend>Đơn vị chủ trì</legend>\s*'
        r'<p class="error" role="alert">Cần ít nhất một đơn vị chủ trì\.',
        page,
        re.S,
    )
    assert [u.code for u in stored(draft.id).assignments[0].lead_units] == ["ANBINH"]


def test_add_and_remove_assignment_buttons_re_render_without_saving(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    data = {**editor_data(draft), "csrf_token": token(auth)}

    added = client.post(f"/directives/{draft.id}/edit", data={**data, "add_assignment": "1"})
    removed = client.post(f"/directives/{draft.id}/edit", data={**data, "remove_assignment": "0"})

    assert added.status_code == 200
    assert added.get_data(as_text=True).count('data-testid="assignment"') == 2
    assert 'name="assignments-1-text"' in added.get_data(as_text=True)
    assert removed.status_code == 200
    assert removed.get_data(as_text=True).count('data-testid="assignment"') == 0
    assert len(stored(draft.id).assignments) == 1


def test_preview_answers_the_unsaved_letter_as_html_and_saves_nothing(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    data = editor_data(draft, **{"assignments-0-text": "Chấm dứt ngay việc trả hồ sơ trễ hạn."})

    response = client.post(
        f"/directives/{draft.id}/preview", data={**data, "csrf_token": token(auth)}
    )

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Chấm dứt ngay việc trả hồ sơ trễ hạn." in html
    # The trích yếu's last two words are held together by a no-break space.
    assert "V/v chấn chỉnh công tác giải quyết\u00a0TTHC" in html
    assert "/directives/letter-assets/_base/style.css" in html
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert stored(draft.id).assignments[0].text == ASSIGNMENT_TEXT
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events


def test_preview_of_an_invalid_form_lists_the_problems(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    data = editor_data(draft, subject="")

    response = client.post(
        f"/directives/{draft.id}/preview", data={**data, "csrf_token": token(auth)}
    )

    assert response.status_code == 422
    assert "Vui lòng nhập trích yếu." in response.get_data(as_text=True)


def test_saved_preview_and_editor_frame_it(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "leader")
    preview = client.get(f"/directives/{draft.id}/preview").get_data(as_text=True)
    assert ASSIGNMENT_TEXT in preview
    assert "TRẦN MINH KHÔI".lower() in preview.lower()
    log_in(auth, world, "office", switching=True)
    editor = client.get(f"/directives/{draft.id}/edit").get_data(as_text=True)
    assert f'src="/directives/{draft.id}/preview"' in editor
    assert "js/directive-editor.js" in editor
    assert "<script>" not in editor and "style=" not in editor


def fetch(client, path: str):
    """GET a file and close the answer (a served file stays open until then)."""
    with client.get(path) as response:
        return response.status_code, response.mimetype


def test_letter_assets_serve_only_fonts_and_stylesheets(client, auth, world):
    log_in(auth, world, "office")
    base = "/directives/letter-assets"
    assert fetch(client, f"{base}/_base/style.css") == (200, "text/css")
    assert fetch(client, f"{base}/directive/style.css") == (200, "text/css")
    assert fetch(client, f"{base}/screen/style.css") == (200, "text/css")
    assert fetch(client, f"{base}/fonts/LiberationSerif-Bold.ttf")[0] == 200
    for refused in (
        "directive/template.html",
        "directive/metadata.yaml",
        "fonts/LICENSE.txt",
        "_base/letter.html",
        "nothing/style.css",
        "fonts/..%2Fdirective%2Ftemplate.html",
    ):
        assert fetch(client, f"{base}/{refused}")[0] == 404, refused
    assert fetch(client, f"{base}/directive/style.css?v=khong-co")[0] == 404


def test_submit_return_and_approve_through_the_pages(client, auth, world):
    draft = world["draft"]
    show = f"/directives/{draft.id}"
    log_in(auth, world, "office")
    assert "Trình ký" in client.get(show).get_data(as_text=True)
    assert client.post(f"{show}/submit", data={"csrf_token": token(auth)}).location == show
    assert stored(draft.id).state == DirectiveState.SUBMITTED
    assert client.get(f"{show}/edit").status_code == 409

    log_in(auth, world, "leader", switching=True)
    page = client.get(show).get_data(as_text=True)
    assert "Ký và cấp số" in page and "Ý kiến khi trả lại" in page
    empty = client.post(f"{show}/return", data={"comment": " ", "csrf_token": token(auth)})
    assert empty.status_code == 422
    assert "Vui lòng ghi lý do trả lại." in empty.get_data(as_text=True)
    returned = client.post(
        f"{show}/return", data={"comment": "Bổ sung thời hạn.", "csrf_token": token(auth)}
    )
    assert returned.location == show
    assert stored(draft.id).state == DirectiveState.RETURNED
    assert "Bổ sung thời hạn." in client.get(show).get_data(as_text=True)

    log_in(auth, world, "office", switching=True)
    assert client.get(f"{show}/edit").status_code == 200
    client.post(f"{show}/submit", data={"csrf_token": token(auth)})

    log_in(auth, world, "leader", switching=True)
    entries = db.session.scalar(select(func.count()).select_from(RegisterEntry))
    asked = client.post(f"{show}/approve", data={"csrf_token": token(auth)})
    assert asked.status_code == 200
    confirmation = asked.get_data(as_text=True)
    assert "Văn bản sẽ được cấp số 01/UBND-VP và ký số." in confirmation
    assert f'action="{show}/approve"' in confirmation
    assert 'name="confirmed" value="1"' in confirmation and "Quay lại" in confirmation
    unsigned = stored(draft.id)
    assert unsigned.state == DirectiveState.SUBMITTED and unsigned.number is None
    assert db.session.scalar(select(func.count()).select_from(RegisterEntry)) == entries
    signed = client.post(f"{show}/approve", data={"csrf_token": token(auth), "confirmed": "1"})
    assert signed.location == show
    letter = stored(draft.id)
    assert letter.state == DirectiveState.SIGNED
    assert letter.number_text == "01/UBND-VP"
    page = client.get(show).get_data(as_text=True)
    assert "Đã ký và cấp số 01/UBND-VP." in page
    assert 'data-testid="directive-number">01/UBND-VP<' in page
    timeline = page[page.index('data-testid="directive-timeline"') :]
    steps = re.findall(r'data-action="(\w+)"', timeline)
    assert steps == ["submit", "return", "submit", "approve"]
    assert f'action="{show}/approve"' not in page and f'action="{show}/return"' not in page

    docx = client.get(f"{show}/document.docx")
    assert docx.status_code == 200
    assert docx.headers["Content-Disposition"] == 'attachment; filename="01-UBND-VP.docx"'
    with zipfile.ZipFile(io.BytesIO(docx.data)) as archive:
        assert "01/UBND-VP" in archive.read("word/document.xml").decode("utf-8")
    pdf = client.get(f"{show}/document.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_a_refused_step_comes_back_as_a_message(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "leader")
    response = client.post(
        f"/directives/{draft.id}/approve", data={"csrf_token": token(auth)}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Không thể ký duyệt văn bản đang ở trạng thái “Dự thảo”" in response.get_data(
        as_text=True
    )
    assert stored(draft.id).number is None


def test_steps_without_csrf_token_are_refused(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "office")
    for path in ("submit", "edit", "preview"):
        response = client.post(f"/directives/{draft.id}/{path}", data=editor_data(draft))
        assert response.status_code == 400
        assert CSRF_MESSAGE in response.get_data(as_text=True)
    response = client.post("/directives/draft", data={"period": "2024-01"})
    assert response.status_code == 400
    assert stored(draft.id).state == DirectiveState.DRAFT


def test_pdf_page_frames_the_pdf_from_this_site(client, auth, world):
    draft = world["draft"]
    log_in(auth, world, "leader")
    page = client.get(f"/directives/{draft.id}/pdf").get_data(as_text=True)
    assert f'src="/directives/{draft.id}/document.pdf?inline=1"' in page
    inline = client.get(f"/directives/{draft.id}/document.pdf?inline=1")
    assert inline.headers["Content-Disposition"].startswith("inline;")
    assert "frame-ancestors 'self'" in inline.headers["Content-Security-Policy"]
    assert inline.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_dashboard_offers_drafting_to_the_office_only(client, auth, world):
    log_in(auth, world, "office")
    page = client.get("/stats?period=2024-01").get_data(as_text=True)
    form = re.search(r'<form[^>]*data-testid="draft-from-stats".*?</form>', page, re.S).group(0)
    assert 'action="/directives/draft"' in form
    assert 'name="period" value="2024-01"' in form and "Soạn văn bản" in form
    log_in(auth, world, "leader", switching=True)
    assert "draft-from-stats" not in client.get("/stats?period=2024-01").get_data(as_text=True)
