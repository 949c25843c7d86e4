"""Every accepted format uploaded through the API and the page, as offices send them: XLSX named
as Excel names it, XLSX under a name that says nothing (or shouts), and CSV."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.import_headers import DOSSIER_HEADER
from webapp.extensions import db
from webapp.stats.models import Dossier

ROWS = [
    ("HS-1", "ANBINH", "1.000001", "online", "02/01/2024 08:00", "10/01/2024 17:00", "", ""),
    ("HS-2", "ANBINH", "1.000001", "direct", "03/01/2024 08:00", "10/01/2024 17:00", "", ""),
]
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in (DOSSIER_HEADER, *ROWS):
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes() -> bytes:
    lines = [",".join(DOSSIER_HEADER), *(",".join(row) for row in ROWS)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# (file name, declared type, content): what a browser or a script sends.
UPLOADS = {
    "xlsx": ("ho-so-thang-01.xlsx", XLSX_MIMETYPE, xlsx_bytes),
    "xlsx-upper-case-name": ("HO SO THANG 01.XLSX", XLSX_MIMETYPE, xlsx_bytes),
    "xlsx-without-extension": ("Số liệu tháng 1", "application/octet-stream", xlsx_bytes),
    "csv": ("ho-so-thang-01.csv", "text/csv", csv_bytes),
}


@pytest.fixture(autouse=True)
def uploads_in_tmp(app, tmp_path, monkeypatch):
    """Keep uploaded files out of the real instance folder."""
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))


@pytest.fixture
def office(make_unit, make_user):
    make_unit("ANBINH", "UBND phường An Bình")
    user = make_user("office", username="vanphong")
    db.session.commit()
    return user


def file_field(case: str) -> tuple:
    name, declared, content = UPLOADS[case]
    return (io.BytesIO(content()), name, declared)


def dossiers_stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Dossier))


@pytest.mark.parametrize("case", UPLOADS)
def test_the_api_imports_every_accepted_format(client, api_token, office, case):
    response = client.post(
        "/api/v1/imports",
        data={"kind": "dossiers", "file": file_field(case)},
        headers=api_token(office),
    )

    assert response.status_code == 201, response.json
    assert (response.json["rows_total"], response.json["rows_added"]) == (2, 2)
    assert response.json["file_name"] == UPLOADS[case][0]
    assert dossiers_stored() == 2


@pytest.mark.parametrize("case", UPLOADS)
def test_the_page_imports_every_accepted_format(client, auth, office, case):
    auth.login("vanphong")
    token = auth.csrf_token("/imports")

    response = client.post(
        "/imports",
        data={"kind": "dossiers", "csrf_token": token, "file": file_field(case)},
        follow_redirects=True,
    )

    assert response.status_code == 200, response.text
    summary = re.search(r'data-testid="import-summary">([^<]+)<', response.text)
    assert summary and "Đã nhập 2 dòng: thêm 2" in summary.group(1)
    assert dossiers_stored() == 2


def test_the_same_workbook_uploaded_twice_changes_nothing_the_second_time(
    client, api_token, office
):
    first = client.post(
        "/api/v1/imports",
        data={"kind": "dossiers", "file": file_field("xlsx")},
        headers=api_token(office),
    )
    again = client.post(
        "/api/v1/imports",
        data={"kind": "dossiers", "file": file_field("xlsx-without-extension")},
        headers=api_token(office),
    )

    assert first.status_code == again.status_code == 201
    assert (again.json["rows_added"], again.json["rows_updated"]) == (0, 0)
    assert dossiers_stored() == 2
