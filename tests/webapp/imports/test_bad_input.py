"""A file that breaks the import contract is rejected whole: every problem listed, nothing kept."""

from __future__ import annotations

import csv
import unicodedata

import pytest
from sqlalchemy import func, select

from tests.import_headers import COMPLAINT_HEADER, DOSSIER_HEADER, UNIT_HEADER, UNIT_STATS_HEADER
from webapp.extensions import db
from webapp.imports.models import ImportRun, ImportStatus
from webapp.imports.operations import ImportRejected, import_file
from webapp.stats.models import (
    Complaint,
    Dossier,
    DossierCount,
    ReportedFigures,
    UnitPeriodFigures,
)
from webapp.units.models import Unit

GOOD_DOSSIER = (
    "HS-OK",
    "ANBINH",
    "1.000001",
    "online",
    "02/01/2024 08:00",
    "10/01/2024 17:00",
    "",
    "05/01/2024 10:00",
)
GOOD_REPORT = ("ANBINH", "2024-01", "10", "8", "1", "1", "0", "0", "0")
STORED = (Dossier, DossierCount, Complaint, ReportedFigures, UnitPeriodFigures, Unit)
# Tone marks are separate characters in Windows-1258; the letters â ê ô ơ ư ă đ are not.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@pytest.fixture
def ward(make_unit):
    unit = make_unit("ANBINH", "UBND phường An Bình")
    db.session.commit()  # a rejected import rolls back to here, not further
    return unit


def write_csv(tmp_path, rows, header=DOSSIER_HEADER, name="hoso.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def write_bytes(tmp_path, data: bytes, name="hoso.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def stored_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in STORED
    }


def reject(kind, path):
    """Import a file that must be rejected, check nothing was stored, return its problems."""
    before = stored_counts()
    with pytest.raises(ImportRejected) as caught:
        import_file(None, kind, path, path.name)
    problems = caught.value.details
    assert stored_counts() == before
    run = db.session.get(ImportRun, caught.value.run.id)
    assert run.status == ImportStatus.REJECTED
    assert run.problem_count == len(problems) == len(run.problems)
    assert run.rows_added == run.rows_updated == 0
    for problem in problems:
        assert set(problem) - {"sheet"} == {"file", "row", "column", "value", "message"}
        assert problem["file"] == path.name
        assert problem["message"]
    return problems


def where(problems) -> list[tuple]:
    return [(p["row"], p["column"], p["value"]) for p in problems]


def test_a_missing_column_is_named_and_nothing_is_stored(tmp_path, ward):
    header = tuple(name for name in DOSSIER_HEADER if name != "due_at")
    row = tuple(
        value for name, value in zip(DOSSIER_HEADER, GOOD_DOSSIER, strict=True) if name != "due_at"
    )

    [problem] = reject("dossiers", write_csv(tmp_path, [row], header))

    assert (problem["row"], problem["column"]) == (1, "due_at")
    assert "due_at" in problem["message"]
    assert "Ngày hẹn trả" in problem["message"]


def test_every_missing_column_is_listed(tmp_path, ward):
    problems = reject(
        "unit_stats", write_csv(tmp_path, [("ANBINH", "2024-01")], ("unit_code", "period"))
    )

    assert [p["column"] for p in problems] == list(UNIT_STATS_HEADER[2:])


def dossier_with(**changes):
    values = dict(zip(DOSSIER_HEADER, GOOD_DOSSIER, strict=True))
    values |= {"dossier_code": "HS-BAD", **changes}
    return tuple(values[name] for name in DOSSIER_HEADER)


@pytest.mark.parametrize(
    ("bad_row", "column", "value", "why"),
    [
        (dossier_with(unit_code="KHONGCO"), "unit_code", "KHONGCO", "không có đơn vị"),
        (
            dossier_with(received_at="31/02/2024 08:00"),
            "received_at",
            "31/02/2024 08:00",
            "không đọc được ngày giờ",
        ),
        (dossier_with(received_at="hôm qua"), "received_at", "hôm qua", "không đọc được ngày giờ"),
        (
            dossier_with(due_at="2024-01-10 25:00"),
            "due_at",
            "2024-01-10 25:00",
            "không đọc được ngày giờ",
        ),
        (dossier_with(finished_at="01/2024"), "finished_at", "01/2024", "không đọc được ngày giờ"),
        (
            dossier_with(due_at="01/01/2024 17:00"),
            "due_at",
            "01/01/2024 17:00",
            "hẹn trả trước ngày tiếp nhận",
        ),
        (
            dossier_with(finished_at="02/01/2024 07:59"),
            "finished_at",
            "02/01/2024 07:59",
            "kết thúc trước ngày tiếp nhận",
        ),
        (dossier_with(channel="fax"), "channel", "fax", "online, direct hoặc postal"),
        (dossier_with(received_at=""), "received_at", "", "thiếu ngày giờ"),
    ],
    ids=[
        "unknown-unit",
        "no-such-day",
        "words",
        "hour-25",
        "month-only",
        "due-before-received",
        "finished-before-received",
        "unknown-channel",
        "no-received-at",
    ],
)
def test_a_bad_dossier_row_rejects_the_whole_file(tmp_path, ward, bad_row, column, value, why):
    path = write_csv(tmp_path, [GOOD_DOSSIER, bad_row])

    [problem] = reject("dossiers", path)

    assert where([problem]) == [(3, column, value)]
    assert why in problem["message"]


def test_each_repeat_of_a_dossier_code_is_a_problem_naming_the_first_row(tmp_path, ward):
    copy = dossier_with(dossier_code="HS-OK", due_at="11/01/2024 17:00")

    problems = reject("dossiers", write_csv(tmp_path, [GOOD_DOSSIER, GOOD_DOSSIER, copy]))

    assert where(problems) == [(3, "dossier_code", "HS-OK"), (4, "dossier_code", "HS-OK")]
    assert all("dòng 2" in p["message"] for p in problems)


def report_with(**changes):
    values = dict(zip(UNIT_STATS_HEADER, GOOD_REPORT, strict=True)) | changes
    return tuple(values[name] for name in UNIT_STATS_HEADER)


@pytest.mark.parametrize(
    ("bad_row", "column", "value", "why"),
    [
        (
            report_with(period="2024-02", pending_overdue="-1"),
            "pending_overdue",
            "-1",
            "không được âm",
        ),
        (report_with(period="2024-02", received="1.5"), "received", "1.5", "số nguyên"),
        (report_with(period="2024-02", received="mười"), "received", "mười", "số nguyên"),
        (report_with(period="2024-02", complaints=""), "complaints", "", "số nguyên"),
        (report_with(period="2024-13"), "period", "2024-13", "YYYY-MM"),
        (report_with(period="01/2024"), "period", "01/2024", "YYYY-MM"),
        (report_with(period="2024-1"), "period", "2024-1", "YYYY-MM"),
        (
            report_with(unit_code="KHONGCO", period="2024-02"),
            "unit_code",
            "KHONGCO",
            "không có đơn vị",
        ),
        (
            report_with(period="2024-02", closed_late_in_software="2"),
            "closed_late_in_software",
            "2",
            "không thể lớn hơn",
        ),
        (report_with(), "period", "2024-01", "dòng 2"),
    ],
    ids=[
        "negative",
        "fraction",
        "words",
        "empty",
        "month-13",
        "month-first",
        "one-digit-month",
        "unknown-unit",
        "more-closed-late-than-late",
        "unit-and-period-twice",
    ],
)
def test_a_bad_unit_stats_row_rejects_the_whole_file(tmp_path, ward, bad_row, column, value, why):
    path = write_csv(tmp_path, [GOOD_REPORT, bad_row], UNIT_STATS_HEADER)

    [problem] = reject("unit_stats", path)

    assert where([problem]) == [(3, column, value)]
    assert why in problem["message"]


def test_problems_on_several_rows_are_all_listed(tmp_path, ward):
    rows = [
        GOOD_DOSSIER,
        dossier_with(dossier_code="HS-2", unit_code="KHONGCO"),
        dossier_with(dossier_code="HS-3", received_at="32/01/2024"),
        GOOD_DOSSIER,
        dossier_with(dossier_code="HS-5", channel="online", due_at="01/01/2024 08:00"),
    ]

    problems = reject("dossiers", write_csv(tmp_path, rows))

    assert where(problems) == [
        (3, "unit_code", "KHONGCO"),
        (4, "received_at", "32/01/2024"),
        (5, "dossier_code", "HS-OK"),
        (6, "due_at", "01/01/2024 08:00"),
    ]


def test_several_problems_on_one_row_are_all_listed(tmp_path, ward):
    row = dossier_with(unit_code="KHONGCO", channel="fax", received_at="x", due_at="y")

    problems = reject("dossiers", write_csv(tmp_path, [row]))

    assert [p["column"] for p in problems] == ["unit_code", "channel", "received_at", "due_at"]
    assert {p["row"] for p in problems} == {2}


def test_a_bad_complaint_row_rejects_the_whole_file(tmp_path, ward):
    rows = [
        ("PA-1", "ANBINH", "15/01/2024 09:00", "hotline_1022", "", ""),
        ("PA-2", "ANBINH", "15/01/2024 09:00", "zalo", "", ""),
        ("PA-1", "ANBINH", "16/01/2024 09:00", "direct", "", ""),
    ]

    problems = reject("complaints", write_csv(tmp_path, rows, COMPLAINT_HEADER))

    assert where(problems) == [(3, "channel", "zalo"), (4, "complaint_code", "PA-1")]


def test_an_empty_file_is_rejected(tmp_path, ward):
    [problem] = reject("dossiers", write_bytes(tmp_path, b""))

    assert "rỗng" in problem["message"]


def test_a_header_only_file_is_rejected(tmp_path, ward):
    [problem] = reject("dossiers", write_csv(tmp_path, []))

    assert problem["row"] == 1
    assert "chỉ có dòng tiêu đề" in problem["message"]


def test_a_file_over_the_size_limit_is_rejected(app, monkeypatch, tmp_path, ward):
    path = write_csv(tmp_path, [GOOD_DOSSIER])
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", path.stat().st_size - 1)

    [problem] = reject("dossiers", path)

    assert "vượt giới hạn" in problem["message"]


def test_a_file_at_the_size_limit_is_accepted(app, monkeypatch, tmp_path, ward):
    path = write_csv(tmp_path, [GOOD_DOSSIER])
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", path.stat().st_size)

    run = import_file(None, "dossiers", path, path.name)

    assert run.rows_added == 1


def test_a_binary_file_neither_utf8_nor_windows_1258_is_rejected(tmp_path, ward):
    data = b"\x00\x81\x8d\x00\xff\x00\x90" * 20
    for encoding in ("utf-8", "cp1258"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)

    [problem] = reject("dossiers", write_bytes(tmp_path, data))

    assert "Windows-1258" in problem["message"]
    assert "UTF-8" in problem["message"]


def test_a_damaged_xlsx_is_rejected(tmp_path, ward):
    [problem] = reject("dossiers", write_bytes(tmp_path, b"PK\x03\x04not a zip", "hoso.xlsx"))

    assert "XLSX" in problem["message"]


UNIT_NAMES = {
    "TANMAI": "UBND phường Tân Mai",
    "PTP": "Phòng Tư pháp",
    "THUE": "Chi cục Thuế khu vực Biên Hòa – Vĩnh Cửu",
    "NGUYEN": "Tổ một cửa: Nguyễn Thị Ánh, Lê Văn Đức, Đỗ Thị Hường",
}


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text in Windows-1258: base letters precomposed, tone marks apart."""
    encoded = b""
    for char in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in TONE_MARKS))
        encoded += (base + "".join(m for m in marks if m in TONE_MARKS)).encode("cp1258")
    return encoded


def units_text(names) -> str:
    lines = [",".join(UNIT_HEADER)]
    lines += [
        f'{code},"{name}",{"department" if code == "PTP" else "phường"},'
        for code, name in names.items()
    ]
    return "\r\n".join(lines) + "\r\n"


def stored_unit_names() -> dict[str, str]:
    codes = list(UNIT_NAMES)
    return dict(db.session.execute(select(Unit.code, Unit.name).where(Unit.code.in_(codes))).all())


def test_a_windows_1258_file_is_read_stored_in_nfc_and_noted(tmp_path, ward):
    data = to_cp1258(units_text(UNIT_NAMES))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == units_text(UNIT_NAMES)

    run = import_file(None, "units", write_bytes(tmp_path, data), "donvi.csv")

    assert run.rows_added == len(UNIT_NAMES)
    assert "Windows-1258" in run.note
    assert stored_unit_names() == UNIT_NAMES
    assert all(unicodedata.is_normalized("NFC", name) for name in stored_unit_names().values())


def test_decomposed_utf8_text_is_stored_in_nfc(tmp_path, ward):
    decomposed = unicodedata.normalize("NFD", units_text(UNIT_NAMES))
    assert decomposed != units_text(UNIT_NAMES)

    run = import_file(None, "units", write_bytes(tmp_path, decomposed.encode()), "donvi.csv")

    assert run.rows_added == len(UNIT_NAMES)
    assert run.note == ""
    assert stored_unit_names() == UNIT_NAMES


def test_decomposed_complaint_text_is_stored_in_nfc(tmp_path, ward):
    subject, official = "Chậm trả kết quả, không hẹn lại", "Nguyễn Văn Ánh"
    row = (
        "PA-1",
        "ANBINH",
        "15/01/2024 09:00",
        "Tổng đài 1022",
        unicodedata.normalize("NFD", subject),
        unicodedata.normalize("NFD", official),
    )

    import_file(None, "complaints", write_csv(tmp_path, [row], COMPLAINT_HEADER), "pa.csv")

    complaint = db.session.scalar(select(Complaint))
    assert (complaint.subject, complaint.official_name) == (subject, official)
    assert complaint.channel.value == "hotline_1022"
