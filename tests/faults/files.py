"""Import files for the fault tests."""

from __future__ import annotations

import csv
from pathlib import Path

from webapp.imports.columns import COLUMNS
from webapp.imports.models import ImportKind

HEADER = tuple(column.name for column in COLUMNS[ImportKind.DOSSIERS])
WARDS = ("ANBINH", "BUUHOA", "TAMPHUOC", "TANTIEN", "HIEPHOA")


def dossier_file(path: Path, rows: int) -> Path:
    """Write `rows` February 2024 dossiers of the small city's wards; return the path."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(rows):
            day = 1 + number % 27
            writer.writerow(
                (
                    f"HS-{number:07d}",
                    WARDS[number % len(WARDS)],
                    "1.000001",
                    "online",
                    f"{day:02d}/02/2024 08:{number % 60:02d}",
                    f"{day + 1:02d}/02/2024 17:00",
                    "",
                    f"{day + 1:02d}/02/2024 {9 + number % 10:02d}:00" if number % 9 else "",
                )
            )
    return path


def upload(client, path: Path, api_headers: dict | None = None):
    """Send an import file through the page (or the API with a bearer header); return the answer.

    The test client spools a large request body to a file it leaves open: it is closed here.
    """
    from tests.conftest import AuthActions

    with open(path, "rb") as handle:
        if api_headers is not None:
            path_and_data = ("/api/v1/imports", {"kind": "dossiers", "file": (handle, path.name)})
        else:
            token = AuthActions(client).csrf_token("/imports")
            data = {"kind": "dossiers", "file": (handle, path.name), "csrf_token": token}
            path_and_data = ("/imports", data)
        url, data = path_and_data
        response = client.post(url, data=data, headers=api_headers or {})
    response.close()
    response.request.environ["wsgi.input"].close()
    return response
