"""Benchmark the readers of the files offices receive, previewed and imported, beside the plain
CSV import of the same rows.

    .venv/bin/python bench/import_formats.py [--rows 100000] [--xls-rows 60000] [--units 200]

1. Migrates a SQLite database in a temporary folder and adds the units (not measured).
2. Writes, with a fixed seed:
   - a report in the official form (Biểu số 06/VPCP/KSTT, XLSX, a three-row merged header, the
     units named "Phường …" under three sections with their subtotals, the total row), and the
     same figures as a plain unit_stats CSV;
   - ROWS dossiers of January 2024 as the one-stop system exports them under an .xls name (an
     HTML table with title rows: a real XLS sheet holds at most 65,536 rows), and as a CSV;
   - XLS_ROWS of them as a real Excel 97-2003 workbook (xlwt) with title rows, and as a CSV.
3. Times, each on a fresh copy of the database: the preview (preview_import, then commit: only
   its audit event is kept) and the import (import_file, then commit).
4. Prints one table: rows, seconds and rows/s of each, and each time against the CSV of the same
   rows (1.00: as fast as the CSV).
Needs the `bench` extra (xlwt).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import secrets
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20240206
DOSSIER_HEADER = (
    "Mã hồ sơ", "Mã đơn vị", "Mã thủ tục", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
    "Ngày trả kết quả", "Ngày kết thúc",
)  # fmt: skip
TITLE_ROWS = ("ỦY BAN NHÂN DÂN THÀNH PHỐ", "DANH SÁCH HỒ SƠ TIẾP NHẬN THÁNG 01/2024", "")


def unit_names(count: int) -> list[tuple[str, str]]:
    return [(f"P{n:03d}", f"UBND phường Thử Nghiệm {n:03d}") for n in range(1, count + 1)]


def dossier_rows(count: int, units: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    rng = random.Random(SEED)
    start = datetime(2024, 1, 2, 8, 0)
    rows = []
    for number in range(count):
        code = units[number % len(units)][0]
        received = start + timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 480))
        due = received + timedelta(days=7)
        finished = due + timedelta(days=rng.choice((-3, -2, -1, 1)))
        fmt = "%d/%m/%Y %H:%M"
        rows.append(
            (
                f"HS-{number:07d}",
                code,
                "1.001612",
                rng.choice(("Trực tuyến", "Trực tiếp")),
                received.strftime(fmt),
                due.strftime(fmt),
                finished.strftime(fmt),
                finished.strftime(fmt),
            )
        )
    return rows


def form_figures(rng: random.Random) -> list[int]:
    online, direct, carried = rng.randint(20, 90), rng.randint(20, 90), rng.randint(0, 10)
    early, late = rng.randint(0, 20), rng.randint(0, 6)
    within, overdue = rng.randint(0, 8), rng.randint(0, 2)
    on_time = max(online + direct + carried - early - late - within - overdue, 0)
    return [
        online + direct + carried, online, direct, carried,
        early + on_time + late, early, on_time, late,
        within + overdue, within, overdue,
    ]  # fmt: skip


def form06_and_csv(units: list[tuple[str, str]]) -> tuple[bytes, bytes]:
    from openpyxl import Workbook

    rng = random.Random(SEED)
    book = Workbook()
    sheet = book.active
    sheet.title = "Biểu 06"
    for row in (
        ["UBND THÀNH PHỐ", "", "", "", "", "", "", "", "", "", "", "Biểu số 06/VPCP/KSTT"],
        ["Kỳ báo cáo: Tháng 01 năm 2024"],
        ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", "", "", "", "Số hồ sơ đã giải quyết",
         "", "", "", "Số hồ sơ đang giải quyết"],
        ["", "", "Tổng số", "Trong kỳ", "", "Từ kỳ trước chuyển qua", "Tổng số", "Trả trước hạn",
         "Trả đúng hạn", "Trả quá hạn", "Tổng số", "Chưa đến hạn", "Quá hạn"],
        ["", "", "", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính công ích"],
    ):  # fmt: skip
        sheet.append(row)
    plain = io.StringIO()
    writer = csv.writer(plain)
    writer.writerow(
        ["unit_code", "period", "received", "resolved_on_time", "resolved_late",
         "pending_on_time", "pending_overdue", "closed_late_in_software", "complaints",
         "received_online", "carried_over"]
    )  # fmt: skip
    every = []
    third = len(units) // 3 + 1
    for section, roman in enumerate(("I", "II", "III")):
        members = units[section * third : (section + 1) * third]
        rows = [form_figures(rng) for _ in members]
        every.extend(rows)
        sheet.append([roman, f"Nhóm {roman}", *(sum(col) for col in zip(*rows, strict=True))])
        for position, ((code, name), figures) in enumerate(zip(members, rows, strict=True), 1):
            sheet.append([position, name.replace("UBND phường", "Phường"), *figures])
            t, online, direct, carried, _r, early, on_time, late, _p, within, overdue = figures
            writer.writerow(
                [code, "2024-01", online + direct, early + on_time, late, within, overdue, 0, 0,
                 online, carried]
            )  # fmt: skip
    sheet.append(["", "Tổng cộng", *(sum(col) for col in zip(*every, strict=True))])
    for cells in ("C3:F3", "G3:J3", "K3:M3", "D4:E4", "A3:A5", "B3:B5"):
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), plain.getvalue().encode()


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DOSSIER_HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def html_bytes(rows) -> bytes:
    out = io.StringIO()
    out.write('<html><head><meta charset="utf-8"></head><body><table border="1">')
    for title in TITLE_ROWS:
        out.write(f'<tr><td colspan="{len(DOSSIER_HEADER)}"><b>{title}</b></td></tr>')
    out.write("<tr>" + "".join(f"<th>{cell}</th>" for cell in DOSSIER_HEADER) + "</tr>")
    for row in rows:
        out.write("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n")
    out.write("</table></body></html>")
    return out.getvalue().encode()


def xls_bytes(rows) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sách")
    for number, title in enumerate(TITLE_ROWS):
        sheet.write(number, 0, title)
    for number, row in enumerate([DOSSIER_HEADER, *rows], start=len(TITLE_ROWS)):
        for column, value in enumerate(row):
            sheet.write(number, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def app_on(url: str):
    from webapp import create_app

    return create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": secrets.token_urlsafe(36),
            "SQLALCHEMY_DATABASE_URI": url,
            "REDIS_URL": None,
        }
    )


def prepare(database: Path, units: list[tuple[str, str]]) -> None:
    from flask_migrate import upgrade

    from webapp.extensions import db
    from webapp.units.models import Unit, UnitKind

    app = app_on(f"sqlite:///{database}")
    with app.app_context():
        upgrade()
        db.session.add_all(Unit(code=c, name=n, kind=UnitKind.WARD) for c, n in units)
        db.session.commit()
        db.engine.dispose()


def timed(database: Path, work: Path, kind: str, path: Path, preview: bool) -> tuple[float, int]:
    """Seconds to preview or import the file on a fresh copy of the database; rows read."""
    from webapp.extensions import db
    from webapp.imports.operations import import_file
    from webapp.imports.preview import preview_import

    copy = work / f"copy-{secrets.token_hex(4)}.sqlite3"
    shutil.copyfile(database, copy)
    app = app_on(f"sqlite:///{copy}")
    with app.app_context():
        db.session.connection()
        started = time.perf_counter()
        if preview:
            outcome = preview_import(None, kind, path, path.name)
            assert not outcome.problems, outcome.problems.items[:3]
            rows = outcome.rows_total
        else:
            rows = import_file(None, kind, path, path.name).rows_total
        db.session.commit()
        seconds = time.perf_counter() - started
        db.engine.dispose()
    copy.unlink()
    return seconds, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xls-rows", type=int, default=60_000)
    parser.add_argument("--units", type=int, default=200)
    args = parser.parse_args()
    units = unit_names(args.units)
    with tempfile.TemporaryDirectory(prefix="dondoc-formats-") as folder:
        work = Path(folder)
        database = work / "base.sqlite3"
        prepare(database, units)
        form, plain = form06_and_csv(units)
        rows = dossier_rows(args.rows, units)
        files = {
            "form06": ("unit_stats", form, "bieu-06.xlsx"),
            "form06-csv": ("unit_stats", plain, "so-lieu.csv"),
            "html-xls": ("dossiers", html_bytes(rows), "xuat-mot-cua.xls"),
            "html-csv": ("dossiers", csv_bytes(rows), "ho-so.csv"),
            "xls": ("dossiers", xls_bytes(rows[: args.xls_rows]), "ho-so.xls"),
            "xls-csv": ("dossiers", csv_bytes(rows[: args.xls_rows]), "ho-so-60k.csv"),
        }
        results = {}
        for name, (kind, data, file_name) in files.items():
            path = work / file_name
            path.write_bytes(data)
            preview, count = timed(database, work, kind, path, True)
            stored, _ = timed(database, work, kind, path, False)
            results[name] = (kind, count, len(data), preview, stored)
            print(f"    {name} done", file=sys.stderr)
    print(f"{'file':<34} {'rows':>8} {'MB':>6} {'preview s':>10} {'import s':>9} "
          f"{'rows/s':>8} {'vs CSV':>7}")  # fmt: skip
    labels = {
        "form06": "Biểu 06 XLSX (units)",
        "form06-csv": "  the same as unit_stats CSV",
        "html-xls": "HTML table named .xls (dossiers)",
        "html-csv": "  the same rows as CSV",
        "xls": "XLS 97-2003 (dossiers)",
        "xls-csv": "  the same rows as CSV",
    }
    for name, (_kind, count, size, preview, stored) in results.items():
        csv_name = name if name.endswith("-csv") else f"{name.split('-')[0]}-csv"
        base = results[csv_name][4]
        print(
            f"{labels[name]:<34} {count:>8,} {size / 1e6:>6.1f} {preview:>10.2f} {stored:>9.2f} "
            f"{count / stored:>8,.0f} {stored / base:>7.2f}"
        )


if __name__ == "__main__":
    main()
