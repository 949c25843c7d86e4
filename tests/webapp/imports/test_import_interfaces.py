"""The ways in: `flask import`, POST /api/v1/imports and the /imports page; and the ways out:
the run page, /api/v1/stats and /api/v1/findings, each within the caller's scope."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from tests.import_headers import (
    COMPLAINT_HEADER,
    DOSSIER_HEADER,
    UNIT_HEADER,
    UNIT_STATS_HEADER,
)
from webapp.extensions import db
from webapp.imports.columns import header
from webapp.imports.models import ImportKind, ImportRun, ImportStatus
from webapp.stats.models import (
    Complaint,
    Dossier,
    DossierCount,
    ReportedFigures,
    UnitPeriodFigures,
)
from webapp.units.models import Unit

HEADER = "dossier_code,unit_code,procedure_code,channel,received_at,due_at,returned_at,finished_at"
GOOD_CSV = (
    "\n".join(
        [
            HEADER,
            "HS-1,ANBINH,1.000001,online,02/01/2024 08:00,10/01/2024 17:00,,05/01/2024 10:00",
            "HS-2,ANBINH,1.000001,direct,03/01/2024 08:00,10/01/2024 17:00,09/01/2024 10:00,"
            "12/01/2024 08:00",
            "HS-3,TANMAI,1.000002,online,04/01/2024 08:00,15/01/2024 17:00,,",
        ]
    )
    + "\n"
)
BAD_CSV = (
    "\n".join(
        [
            HEADER,
            "HS-1,ANBINH,1.000001,online,02/01/2024 08:00,10/01/2024 17:00,,05/01/2024 10:00",
            "HS-2,KHONGCO,1.000001,online,02/01/2024 08:00,10/01/2024 17:00,,",
            "HS-3,ANBINH,1.000001,online,02/01/2024 08:00,01/01/2024 17:00,,",
            "HS-4,ANBINH,1.000001,online,ngày mai,10/01/2024 17:00,,",
        ]
    )
    + "\n"
)
BAD_ROWS = [
    (3, "unit_code", "KHONGCO"),
    (4, "due_at", "01/01/2024 17:00"),
    (5, "received_at", "ngày mai"),
]
STORED = (Dossier, DossierCount, Complaint, ReportedFigures, UnitPeriodFigures, Unit)


@pytest.fixture(autouse=True)
def uploads_in_tmp(app, tmp_path, monkeypatch):
    """Keep uploaded files out of the real instance folder."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))


@pytest.fixture
def city(make_unit, make_user):
    anbinh, tanmai = make_unit("ANBINH", "UBND phường An Bình"), make_unit("TANMAI")
    users = {
        "office": make_user("office", username="vanphong"),
        "unit": make_user("unit", unit=anbinh, username="canbo-anbinh"),
    }
    db.session.commit()  # a rejected import rolls back to here, not further
    return {"anbinh": anbinh, "tanmai": tanmai, **users}


def write(tmp_path, text, name="hoso.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in STORED
    }


def runs() -> list[ImportRun]:
    return list(db.session.scalars(select(ImportRun).order_by(ImportRun.id)))


def upload(text: str, name="hoso.csv", **fields) -> dict:
    return {"file": (io.BytesIO(text.encode()), name), **fields}


def test_cli_import_prints_a_one_line_summary(runner, tmp_path, city):
    result = runner.invoke(args=["import", str(write(tmp_path, GOOD_CSV)), "--kind", "dossiers"])

    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert "hoso.csv" in line
    assert "3 dòng, thêm 3, cập nhật 0, không đổi 0" in line
    assert "2024-01" in line
    assert stored_counts()["Dossier"] == 3


def test_cli_import_of_the_same_file_again_reports_nothing_changed(runner, tmp_path, city):
    path = str(write(tmp_path, GOOD_CSV))
    runner.invoke(args=["import", path, "--kind", "dossiers"])

    result = runner.invoke(args=["import", path, "--kind", "dossiers"])

    assert result.exit_code == 0, result.output
    assert "3 dòng, thêm 0, cập nhật 0, không đổi 3" in result.stdout


def test_cli_import_of_a_bad_file_prints_every_problem_and_stores_nothing(runner, tmp_path, city):
    before = stored_counts()

    result = runner.invoke(args=["import", str(write(tmp_path, BAD_CSV)), "--kind", "dossiers"])

    assert result.exit_code != 0
    assert "3 lỗi" in result.stderr
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert len(problem_lines) == 3
    for line, (row, column, value) in zip(problem_lines, BAD_ROWS, strict=True):
        assert f"dòng {row}" in line and f"cột {column}" in line and value in line
    assert "Đã nhập" not in result.stdout
    assert stored_counts() == before
    [run] = runs()
    assert (run.status, run.problem_count) == (ImportStatus.REJECTED, 3)


def test_cli_import_refuses_an_unknown_kind(runner, tmp_path, city):
    result = runner.invoke(args=["import", str(write(tmp_path, GOOD_CSV)), "--kind", "hoso"])

    assert result.exit_code != 0
    assert runs() == []


def test_api_import_as_office_answers_201_with_counts(client, api_token, city):
    response = client.post(
        "/api/v1/imports", data=upload(GOOD_CSV, kind="dossiers"), headers=api_token(city["office"])
    )

    assert response.status_code == 201, response.json
    body = response.json
    assert (body["status"], body["kind"], body["file_name"]) == ("done", "dossiers", "hoso.csv")
    assert (body["rows_total"], body["rows_added"], body["rows_updated"]) == (3, 3, 0)
    assert body["periods"] == ["2024-01"]
    assert stored_counts()["Dossier"] == 3


def test_api_import_of_a_bad_file_answers_422_with_every_problem(client, api_token, city):
    before = stored_counts()

    response = client.post(
        "/api/v1/imports", data=upload(BAD_CSV, kind="dossiers"), headers=api_token(city["office"])
    )

    assert response.status_code == 422
    assert "3 lỗi" in response.json["error"]
    details = response.json["details"]
    assert [(d["row"], d["column"], d["value"]) for d in details] == BAD_ROWS
    assert all(d["file"] == "hoso.csv" and d["message"] for d in details)
    assert stored_counts() == before
    [run] = runs()
    assert (run.status, run.problem_count) == (ImportStatus.REJECTED, 3)


def test_api_import_with_a_unit_token_is_forbidden_and_stores_nothing(client, api_token, city):
    before = stored_counts()

    response = client.post(
        "/api/v1/imports", data=upload(GOOD_CSV, kind="dossiers"), headers=api_token(city["unit"])
    )

    assert response.status_code == 403
    assert response.json["error"]
    assert stored_counts() == before
    assert runs() == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "dossiers"}, "file"),
        (upload(GOOD_CSV), "kind"),
        (upload(GOOD_CSV, kind="hoso"), "kind"),
    ],
    ids=["no-file", "no-kind", "unknown-kind"],
)
def test_api_import_without_file_or_kind_answers_422(client, api_token, city, data, field):
    response = client.post("/api/v1/imports", data=data, headers=api_token(city["office"]))

    assert response.status_code == 422
    assert field in {detail.get("field") for detail in response.json["details"]}
    assert runs() == []


def test_api_import_without_a_token_answers_401(client, city):
    response = client.post("/api/v1/imports", data=upload(GOOD_CSV, kind="dossiers"))

    assert response.status_code == 401
    assert runs() == []


def post_page_upload(client, auth, text):
    auth.login("vanphong")
    token = auth.csrf_token("/imports")
    return client.post(
        "/imports", data=upload(text, kind="dossiers", csrf_token=token), follow_redirects=True
    )


def test_page_upload_of_a_bad_file_shows_every_problem_with_status_422(client, auth, city):
    before = stored_counts()

    response = post_page_upload(client, auth, BAD_CSV)

    assert response.status_code == 422
    assert re.search(r"/imports/\d+$", response.request.path)
    table = response.text.split('data-testid="import-errors"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r"<tr><td>hoso\.csv</td><td class=\"num\">(\d+)</td>"
        r"<td>([^<]+) <small class=\"muted column-id\">(\w+)</small></td>",
        table,
    )
    labels = {"unit_code": "Mã đơn vị", "due_at": "Ngày hẹn trả", "received_at": "Ngày tiếp nhận"}
    assert [(int(row), label, column) for row, label, column in rows] == [
        (r, labels[c], c) for r, c, _ in BAD_ROWS
    ]
    assert "ngày mai" in table
    assert stored_counts() == before


def test_page_upload_with_a_wrong_header_shows_both_headers_and_the_likely_columns(
    client, auth, city
):
    typed = "Ma ho so,unit_code,procedure,Kênh nộp,Ngay tiep nhan,Hạn trả,returned_at,Ghi chú"
    text = typed + "\nHS-1,ANBINH,1.000001,online,02/01/2024 08:00,10/01/2024 17:00,,\n"

    response = post_page_upload(client, auth, text)

    assert response.status_code == 422
    page = response.text
    problem = page.split('data-testid="header-problem"', 1)[1].split("</div>", 1)[0]
    assert "không khớp mẫu “Hồ sơ TTHC”" in problem and "thiếu 5 trong 8 cột cần có" in problem
    assert 'data-testid="import-errors"' not in page  # one message, not one row per column
    found = page.split('data-testid="header-found"', 1)[1].split("</ol>", 1)[0]
    assert [c.strip() for c in re.findall(r"<li[^>]*>([^<]+)", found)] == typed.split(",")
    expected = page.split('data-testid="header-expected"', 1)[1].split("</ol>", 1)[0]
    items = re.findall(
        r'<li class="(header-\w+)">([^<]+) <small class="muted column-id">(\w+)<', expected
    )
    assert items[0] == ("header-missing", "Mã hồ sơ", "dossier_code")
    assert items[1] == ("header-ok", "Mã đơn vị", "unit_code")
    assert items[-1] == ("header-optional", "Đơn vị làm chậm", "delayed_by_unit_code")
    guesses = page.split('data-testid="header-guesses"', 1)[1].split("</ul>", 1)[0]
    assert "Cột “Ma ho so” không có trong mẫu; có phải “<strong>Mã hồ sơ</strong>”?" in guesses
    assert "Cột “procedure” không có trong mẫu; có phải “<strong>Mã thủ tục</strong>”?" in guesses
    assert (
        "Cột “Ngay tiep nhan” không có trong mẫu; có phải “<strong>Ngày tiếp nhận</strong>”?"
        in guesses
    )
    assert "Cột “Hạn trả” không có trong mẫu; có phải “<strong>Ngày hẹn trả</strong>”?" in guesses
    assert "Cột “Ghi chú” không có trong mẫu, sẽ được bỏ qua." in guesses
    # The checksum and the column ids' own messages are there, folded away.
    before, technical = page.split('<details class="technical"', 1)
    run = db.session.scalars(select(ImportRun)).one()
    assert run.checksum not in before and run.checksum in technical.split("</details>", 1)[0]
    assert run.header == typed.split(",")


def test_the_api_still_lists_one_problem_per_missing_column(client, city, api_token):
    typed = "Ma ho so,unit_code,procedure,channel,received_at,due_at,returned_at,finished_at"
    response = client.post(
        "/api/v1/imports",
        data=upload(typed + "\n", kind="dossiers"),
        headers=api_token(city["office"]),
    )

    assert response.status_code == 422
    assert [(d["row"], d["column"]) for d in response.json["details"]] == [
        (1, "dossier_code"),
        (1, "procedure_code"),
    ]
    assert set(response.json) == {"error", "details"}


def test_page_upload_of_a_good_file_shows_the_summary_and_links_to_the_month(client, auth, city):
    response = post_page_upload(client, auth, GOOD_CSV)

    assert response.status_code == 200
    assert 'data-testid="import-errors"' not in response.text
    summary = re.search(r'data-testid="import-summary">([^<]+)<', response.text).group(1)
    assert "Đã nhập 3 dòng: thêm 3, cập nhật 0" in summary
    assert 'href="/stats?period=2024-01"' in response.text
    assert client.get("/stats?period=2024-01").status_code == 200


def test_page_upload_without_a_file_shows_the_form_again_with_422(client, auth, city):
    auth.login("vanphong")
    token = auth.csrf_token("/imports")

    response = client.post("/imports", data={"kind": "dossiers", "csrf_token": token})

    assert response.status_code == 422
    assert "Chưa chọn tệp" in response.text
    assert runs() == []


def test_page_upload_is_refused_to_a_unit_user(client, auth, city):
    auth.login("canbo-anbinh")

    assert client.get("/imports").status_code == 403
    assert runs() == []


def test_a_leader_reads_the_imports_but_may_not_upload(
    client, auth, runner, make_user, tmp_path, city
):
    make_user("leader", username="chutich")
    imported = runner.invoke(args=["import", str(write(tmp_path, GOOD_CSV)), "--kind", "dossiers"])
    assert imported.exit_code == 0, imported.output
    auth.login("chutich")

    history = client.get("/imports")

    assert history.status_code == 200
    assert "hoso.csv" in history.text and "Các lần nhập số liệu" in history.text
    assert 'data-testid="import-form"' not in history.text
    token = auth.csrf_token("/account")
    refused = client.post("/imports", data=upload(GOOD_CSV, kind="dossiers", csrf_token=token))
    assert refused.status_code == 403
    assert len(runs()) == 1


@pytest.fixture
def january(client, api_token, city):
    response = client.post(
        "/api/v1/imports", data=upload(GOOD_CSV, kind="dossiers"), headers=api_token(city["office"])
    )
    assert response.status_code == 201
    return city


def test_api_stats_lists_each_units_figures_for_the_period(client, api_token, january):
    response = client.get("/api/v1/stats?period=2024-01", headers=api_token(january["office"]))

    assert response.status_code == 200
    rows = {row["unit_code"]: row for row in response.json}
    assert set(rows) == {"ANBINH", "TANMAI"}
    anbinh, tanmai = rows["ANBINH"], rows["TANMAI"]
    assert (anbinh["received"], anbinh["resolved_on_time"], anbinh["resolved_late"]) == (2, 1, 1)
    assert anbinh["closed_late_in_software"] == 1
    assert anbinh["on_time_rate"] == 50.0
    assert (tanmai["pending_overdue"], tanmai["on_time_rate"]) == (1, None)
    assert anbinh["source"] == "dossiers"


def test_api_findings_list_the_periods_findings(client, api_token, january):
    response = client.get("/api/v1/findings?period=2024-01", headers=api_token(january["office"]))

    assert response.status_code == 200
    found = {(f["unit_code"], f["rule"]) for f in response.json}
    assert found == {
        ("ANBINH", "rate_below_threshold"),
        ("ANBINH", "closed_late_in_software"),
        ("TANMAI", "pending_overdue"),
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/stats?period=2024-01", "/api/v1/findings?period=2024-01"]
)
def test_a_unit_token_sees_only_its_own_unit(client, api_token, january, path):
    response = client.get(path, headers=api_token(january["unit"]))

    assert response.status_code == 200
    assert response.json
    assert {row["unit_code"] for row in response.json} == {"ANBINH"}


@pytest.mark.parametrize("period", ["2024-13", "01/2024", ""])
def test_api_stats_with_a_bad_period_answers_422(client, api_token, january, period):
    response = client.get(f"/api/v1/stats?period={period}", headers=api_token(january["office"]))

    assert response.status_code == 422


@pytest.mark.parametrize(
    ("kind", "contract_header"),
    [
        (ImportKind.UNITS, UNIT_HEADER),
        (ImportKind.DOSSIERS, DOSSIER_HEADER),
        (ImportKind.UNIT_STATS, UNIT_STATS_HEADER),
        (ImportKind.COMPLAINTS, COMPLAINT_HEADER),
    ],
)
def test_the_importer_names_its_columns_as_the_contract_does(kind, contract_header):
    assert header(kind) == contract_header
