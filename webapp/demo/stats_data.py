"""Three months of dossiers and complaints for the demo city (11/2023 to 01/2024).

January 2024 reproduces the findings of letter 1522/UBND-THNC: the wards under 97 %, the wards
that forgot to press "finish", and the wards with complaints; the first group also failed in
November and December (the letter: "đã chỉ đạo nhiều lần nhưng chưa khắc phục").
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from webapp.demo import city
from webapp.imports.columns import header
from webapp.imports.models import ImportKind

PERIODS = ("2023-11", "2023-12", "2024-01")
SEED = 1522

# January 2024, as in the letter.
UNDER_THRESHOLD = {"TAMPHUOC", "TANTIEN", "BUUHOA", "PHUOCTAN"}
FORGOT_TO_FINISH = {
    "ANBINH",
    "BUUHOA",
    "HONAI",
    "HOAAN",
    "HIEPHOA",
    "LONGBINH",
    "QUANGVINH",
    "TANBIEN",
    "TANHOA",
    "TANTIEN",
    "PHUOCTAN",
    "LONGHUNG",
}
COMPLAINED_ABOUT = {"ANBINH", "TANBIEN", "PHUOCTAN", "TAMPHUOC", "TRANGDAI"}

# January 2024, as letter 1522's item 5: Phòng Quản lý đô thị's slow step in house-ownership
# certificate dossiers (an inter-unit procedure) made two late dossiers of each of these wards late.
DELAYED_BY = "QLDT"
DELAYED_WARDS = {"TAMPHUOC", "BUUHOA"}
DELAYED_PER_WARD = 2
HOUSE_CERTIFICATE = "1.004227"

# February 2024 comes as files to upload (webapp/demo/sample_files.py): this ward's report in the
# official form, whose month no dossier of the ward touches, and the one-stop system's export.
REPORTS_BY_FORM = {"TANVAN"}

# Earlier months: a few of the same units, so repeat counts differ.
EARLIER_FORGOT = {"2023-11": {"BUUHOA", "TANTIEN"}, "2023-12": {"BUUHOA", "TANTIEN", "HONAI"}}
EARLIER_COMPLAINTS = {"2023-11": {"PHUOCTAN"}, "2023-12": {"PHUOCTAN", "ANBINH"}}

PROCEDURES = ("1.001612", "1.004227", "2.000884", "1.003572", "2.001023")
CHANNELS = ("online", "online", "direct", "postal")
COMPLAINT_SUBJECTS = (
    "Công chức hướng dẫn hồ sơ không rõ ràng, phải đi lại nhiều lần",
    "Trả kết quả chậm so với giấy hẹn, không có văn bản xin lỗi",
    "Yêu cầu nộp thêm giấy tờ ngoài quy định",
)
DOSSIER_HEADER = header(ImportKind.DOSSIERS, vietnamese=True, optional=True)
COMPLAINT_HEADER = header(ImportKind.COMPLAINTS)


def _local(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def _month_start(period: str) -> datetime:
    return datetime(int(period[:4]), int(period[5:]), 1, 8, 0)


def _plan(code: str, period: str) -> tuple[int, int]:
    """Return (late dossiers, of which returned on time but closed late) for a unit and month."""
    january = period == PERIODS[-1]
    under = code in UNDER_THRESHOLD
    forgot = code in FORGOT_TO_FINISH if january else code in EARLIER_FORGOT[period]
    closed_late = 2 if forgot else 0
    late = 6 if under else closed_late
    return late, closed_late


def dossier_rows(rng: random.Random) -> Iterator[tuple[str, ...]]:
    """Yield every demo dossier as a CSV row (local times, dd/mm/yyyy HH:MM)."""
    codes = [code for code, _name, _kind in city.units()]
    for period in PERIODS:
        for code in codes:
            times = _unit_month(rng, code, period)
            delayed = DELAYED_PER_WARD if period == PERIODS[-1] and code in DELAYED_WARDS else 0
            for serial, (received, due, returned, finished) in enumerate(times, start=1):
                procedure, channel = rng.choice(PROCEDURES), rng.choice(CHANNELS)
                # Late and returned late (not a forgotten finish): the department's slow step.
                by = ""
                if delayed and finished and finished > due and returned == finished:
                    by, procedure, delayed = DELAYED_BY, HOUSE_CERTIFICATE, delayed - 1
                yield (
                    f"{code}-{period.replace('-', '')}-{serial:04d}",
                    code,
                    procedure,
                    channel,
                    _local(received),
                    _local(due),
                    _local(returned) if returned else "",
                    _local(finished) if finished else "",
                    by,
                )


def _unit_month(rng: random.Random, code: str, period: str) -> list[tuple]:
    """Return (received, due, returned, finished) of every dossier of one unit and month."""
    start = _month_start(period)
    late, closed_late = _plan(code, period)
    dossiers = []
    for _ in range(rng.randint(100, 160)):
        received = start + timedelta(days=rng.randint(0, 16), minutes=rng.randint(0, 480))
        due = received + timedelta(days=7)
        finished = due - timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 6))
        dossiers.append((received, due, finished, finished))
    for number in range(late):
        received = start + timedelta(days=rng.randint(0, 10), minutes=rng.randint(0, 480))
        due = received + timedelta(days=7)
        finished = due + timedelta(days=rng.randint(1, 3))
        returned = due - timedelta(hours=4) if number < closed_late else finished
        dossiers.append((received, due, returned, finished))
    # Received late in the month, due next month: pending on time at the month's end, finished
    # on time the next month (still pending after the last month).
    last_month = period == PERIODS[-1]
    for _ in range(rng.randint(3, 8)):
        received = start + timedelta(days=rng.randint(24, 27), minutes=rng.randint(0, 480))
        due = received + timedelta(days=10)
        finished = None if last_month else due - timedelta(days=1)
        # A ward that reports the next month by form leaves nothing pending in the software
        # (drawn all the same, so that every other unit's dossiers stay as they were).
        if not (last_month and code in REPORTS_BY_FORM):
            dossiers.append((received, due, finished, finished))
    return dossiers


def complaint_rows(rng: random.Random) -> Iterator[tuple[str, ...]]:
    """Yield every demo complaint as a CSV row."""
    for period in PERIODS:
        units = COMPLAINED_ABOUT if period == PERIODS[-1] else EARLIER_COMPLAINTS[period]
        start = _month_start(period)
        for code in sorted(units):
            received = start + timedelta(days=rng.randint(2, 25), hours=rng.randint(0, 8))
            channel = rng.choice(("hotline_1022", "national_portal"))
            yield (
                f"PA-{code}-{period.replace('-', '')}",
                code,
                received.isoformat(timespec="minutes"),
                channel,
                rng.choice(COMPLAINT_SUBJECTS),
                "",
            )


def write_demo_files(folder: Path) -> tuple[Path, Path]:
    """Write the demo dossiers and complaints as CSV files; return their paths."""
    rng = random.Random(SEED)
    dossiers_path = folder / "demo-ho-so.csv"
    complaints_path = folder / "demo-phan-anh.csv"
    with open(dossiers_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DOSSIER_HEADER)
        writer.writerows(dossier_rows(rng))
    with open(complaints_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COMPLAINT_HEADER)
        writer.writerows(complaint_rows(rng))
    return dossiers_path, complaints_path
