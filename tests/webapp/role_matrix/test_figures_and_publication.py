"""Role matrix: the figures, the imports and the published monthly results."""

from __future__ import annotations

import csv
import io

import pytest

from tests.import_headers import DOSSIER_HEADER
from tests.webapp.role_matrix.matrix import (
    EDITORS,
    PDF_TYPE,
    XLSX_TYPE,
    Route,
    api,
    cases,
    check_route,
    everyone,
    only,
    page,
)
from tests.webapp.role_matrix.world import OTHER_UNIT, TARGET_UNIT

IMPORT_READERS = (*EDITORS, "leader")
# What a refused import upload answers through the API (a domain refusal, in its own words).
IMPORT_REFUSED = "Chỉ Văn phòng và quản trị hệ thống được nhập số liệu."


def _one_dossier() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(
        [
            DOSSIER_HEADER,
            (
                "HS-MOI-1",
                TARGET_UNIT[0],
                "1.000001",
                "direct",
                "20/01/2024 08:00",
                "29/01/2024 17:00",
                "",
                "25/01/2024 10:00",
            ),
        ]
    )
    return out.getvalue().encode()


UPLOAD = (("file", "ho-so-moi.csv", _one_dossier()),)
PUBLIC = {"anonymous": 200, **everyone(200)}

ROUTES = [
    # Figures and findings: every role, each unit user only within its own unit.
    page("GET", "/stats", everyone(200), shows='data-testid="findings"'),
    page(
        "GET",
        "/stats?period=2024-01",
        everyone(200),
        shows='data-testid="figures-table"',
    ),
    page(
        "GET",
        "/stats/units/ANBINH",
        {**everyone(200), "unit_other": 404},
        shows='data-testid="unit-charts"',
    ),
    page(
        "GET",
        "/stats/units/TANTIEN",
        {**everyone(200), "unit_own": 404},
        shows='data-testid="unit-charts"',
        about=OTHER_UNIT,
    ),
    page(
        "GET",
        "/stats/dossiers?unit=ANBINH&period=2024-02&figure=received",
        {**everyone(200), "unit_other": 404},
        shows='data-testid="dossier-list"',
    ),
    page(
        "GET",
        "/stats/dossiers?unit=TANTIEN&period=2024-02&figure=closed_late_in_software",
        {**everyone(200), "unit_own": 404},
        shows='data-testid="dossier-list"',
        about=OTHER_UNIT,
    ),
    page(
        "GET",
        "/stats/dossiers.xlsx?unit=ANBINH&period=2024-02&figure=resolved_late",
        {**everyone(200), "unit_other": 404},
        serves=XLSX_TYPE,
    ),
    api(
        "/api/v1/dossiers?unit=ANBINH&period=2024-02&figure=received",
        {**everyone(200), "unit_other": 404},
        shows='"dossier_code"',
    ),
    api("/api/v1/stats?period=2024-02", everyone(200), shows='"unit_code"'),
    api("/api/v1/findings?period=2024-02", everyone(200), shows='"rule"'),
    # Imports: the office and administrators upload; leaders see every import.
    page("GET", "/imports", only(IMPORT_READERS, 200), shows="Các lần nhập gần đây"),
    page(
        "POST",
        "/imports",
        only(EDITORS, ("redirect", "/imports/{new_run}")),
        changes=True,
        data={"kind": "dossiers"},
        files=UPLOAD,
    ),
    # A preview stores nothing (but its audit event).
    page(
        "POST",
        "/imports",
        only(EDITORS, 200),
        data={"kind": "dossiers", "preview": "Xem trước"},
        files=UPLOAD,
        shows='data-testid="preview-confirm"',
        variant="preview",
    ),
    # The import of a previewed upload: one no longer stored is refused, back to the form.
    page(
        "POST",
        "/imports/previewed",
        only(EDITORS, ("redirect", "/imports")),
        data={"kind": "dossiers", "checksum": "0" * 64, "file_name": "x.csv", "version": "0"},
    ),
    page(
        "GET",
        "/imports/{run}",
        only(IMPORT_READERS, 200),
        shows='data-testid="import-summary"',
        object_key="run",
    ),
    page(
        "GET",
        "/imports/{run}/progress",
        only(IMPORT_READERS, 200),
        shows='"status": "done"',
        object_key="run",
    ),
    api(
        "/api/v1/imports",
        only(EDITORS, 201),
        method="POST",
        changes=True,
        data={"kind": "dossiers"},
        files=UPLOAD,
        shows='"status": "done"',
        refusal=IMPORT_REFUSED,
    ),
    api(
        "/api/v1/imports/{run}",
        only(IMPORT_READERS, 200),
        shows='"rows_added": 5',
        object_key="run",
    ),
    # Publication: the office publishes; anyone, logged in or not, reads what was published.
    page(
        "POST",
        "/stats/publish",
        only(EDITORS, 200),
        shows="Công khai kết quả tháng 02/2024 của",
        data={"period": "2024-02"},
        variant="unconfirmed",
    ),
    page(
        "POST",
        "/stats/publish",
        only(EDITORS, ("redirect", "/public/results?period=2024-02")),
        changes=True,
        data={"period": "2024-02", "confirmed": "1"},
    ),
    page(
        "GET",
        "/public/results?period=2024-01",
        everyone(200),
        anonymous=200,
        shows='data-testid="public-results"',
        scoped=False,
    ),
    page("GET", "/public/results?period=2024-02", everyone(404), anonymous=404, about=None),
    page(
        "GET",
        "/public/results.xlsx?period=2024-01",
        everyone(200),
        anonymous=200,
        serves=XLSX_TYPE,
    ),
    page(
        "GET",
        "/public/results.pdf?period=2024-01",
        everyone(200),
        anonymous=200,
        serves=PDF_TYPE,
    ),
    api(
        "/api/v1/public/results?period=2024-01",
        everyone(200),
        anonymous=200,
        shows=TARGET_UNIT[1],
        scoped=False,
    ),
    api(
        "/api/v1/public/results?period=2024-02",
        everyone(404),
        anonymous=404,
        about=None,
        missing="Kết quả kỳ 2024-02 chưa được công bố.",
    ),
]


@pytest.mark.parametrize(("route", "actor"), cases(ROUTES))
def test_role_matrix(client, auth, world, route: Route, actor: str):
    check_route(client, auth, world, route, actor)
