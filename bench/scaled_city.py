"""Build the demo city scaled up, for the load benchmark: many units, two years of figures, letters.

    DATABASE_URL=... .venv/bin/python bench/scaled_city.py --folder DIR [--units 1000]
        [--months 24] [--last 2024-01] [--dossiers 30-60] [--letters 3] [--password P]

On a migrated, empty database (DATABASE_URL; SQLite in the instance folder when unset):

1. The demo city (issuing body, signers, office, leaders, admin, its 34 units and their accounts)
   through the demo loader, then the other units through `flask --app webapp import --kind units`,
   each with one unit account (one password hash shared by all, computed once: hashing a thousand
   Argon2id passwords would take minutes and measure nothing).
2. --months months of dossiers up to --last (between the two --dossiers bounds per unit and month,
   fixed seed) and the complaints, written as CSV in DIR and imported through
   `flask --app webapp import`. Each unit keeps a habit over the two years (most are on time,
   some fall under 97 %, some forget to press finish, some are complained about), so the month's
   findings name a realistic share of the units and their repeat counts vary.
3. --letters directive letters, one for each of the last months, drafted from the findings,
   signed and issued: the units have tasks to list. A third of the tasks are started.

Prints one JSON line: the last period, the logins to drive the app with, and the counts.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
FLASK = str(Path(sys.executable).with_name("flask"))

SEED = 1522_1000
from webapp.imports.columns import header  # noqa: E402  (after the path is set)
from webapp.imports.models import ImportKind  # noqa: E402

DOSSIER_HEADER = header(ImportKind.DOSSIERS)
COMPLAINT_HEADER = header(ImportKind.COMPLAINTS)
PROCEDURES = tuple(f"1.{number:06d}" for number in range(1000, 1060))
CHANNELS = ("online", "online", "direct", "postal")
# Habits: (share of units, share of dossiers finished late, share of those returned on time,
# chance of a complaint in a month).
HABITS = (
    (0.80, 0.004, 0.3, 0.02),
    (0.12, 0.04, 0.4, 0.06),
    (0.08, 0.10, 0.5, 0.15),
)
TIME_FORMAT = "%d/%m/%Y %H:%M"
DEPARTMENT_SHARE = 0.1


def month_starts(last: str, months: int) -> list[datetime]:
    """Return the local midnight starting each of the `months` months up to `last`."""
    year, month = int(last[:4]), int(last[5:7])
    index = year * 12 + month - 1
    return [
        datetime(number // 12, number % 12 + 1, 1)
        for number in range(index - months + 1, index + 1)
    ]


def extra_units(count: int, demo_units: int) -> list[tuple[str, str, str]]:
    """Return the units beyond the demo city's: departments, then wards and communes."""
    extra = count - demo_units
    departments = round(count * DEPARTMENT_SHARE) - 4
    units = []
    for number in range(1, extra + 1):
        if number <= departments:
            units.append((f"PB{number:03d}", f"Phòng chuyên môn số {number:03d}", "department"))
        elif number % 4:
            units.append((f"P{number:04d}", f"UBND phường số {number:04d}", "ward"))
        else:
            units.append((f"X{number:04d}", f"UBND xã số {number:04d}", "commune"))
    return units


class Stamps:
    """Format whole minutes since an origin as dd/mm/yyyy HH:MM, each minute once."""

    def __init__(self, origin: datetime) -> None:
        self.origin = origin
        self.cache: dict[int, str] = {}

    def __call__(self, minutes: int) -> str:
        text = self.cache.get(minutes)
        if text is None:
            text = (self.origin + timedelta(minutes=minutes)).strftime(TIME_FORMAT)
            self.cache[minutes] = text
        return text


def write_figures(folder: Path, codes: list[str], starts: list[datetime], bounds: tuple[int, int]):
    """Write the dossiers and complaints CSV files; return their paths and row counts."""
    rng = random.Random(SEED)
    habits = {}
    for code in codes:
        draw, cumulative = rng.random(), 0.0
        for habit in HABITS:
            cumulative += habit[0]
            if draw < cumulative:
                break
        habits[code] = habit
    origin = starts[0]
    stamp = Stamps(origin)
    # The files are exported at the end of the last month: nothing later has happened yet.
    exported = ((starts[-1] + timedelta(days=32)).replace(day=1) - origin).days * 1440
    dossiers_path, complaints_path = folder / "ho-so.csv", folder / "phan-anh.csv"
    dossiers = complaints = 0
    with (
        open(dossiers_path, "w", encoding="utf-8", newline="") as dossier_file,
        open(complaints_path, "w", encoding="utf-8", newline="") as complaint_file,
    ):
        dossier_writer, complaint_writer = csv.writer(dossier_file), csv.writer(complaint_file)
        dossier_writer.writerow(DOSSIER_HEADER)
        complaint_writer.writerow(COMPLAINT_HEADER)
        for start in starts:
            first_day = (start - origin).days
            days = ((start + timedelta(days=32)).replace(day=1) - start).days
            for code in codes:
                _share, late_share, returned_share, complaint_chance = habits[code]
                rows = []
                for serial in range(1, rng.randint(*bounds) + 1):
                    received = (first_day + rng.randrange(days)) * 1440 + rng.randrange(450, 1020)
                    due = (received // 1440 + rng.choice((3, 5, 7, 10, 15))) * 1440 + 1020
                    if rng.random() < late_share:
                        finished = due + rng.randrange(60, 20 * 1440)
                        returned_on_time = rng.random() < returned_share
                        returned = due - rng.randrange(60, 600) if returned_on_time else finished
                    else:
                        finished = received + int((due - received) * rng.uniform(0.1, 0.98))
                        returned = finished
                    rows.append(
                        (
                            f"{code}-{start:%y%m}-{serial:03d}",
                            code,
                            rng.choice(PROCEDURES),
                            rng.choice(CHANNELS),
                            stamp(received),
                            stamp(due),
                            stamp(returned) if returned < exported else "",
                            stamp(finished) if finished < exported else "",
                        )
                    )
                dossier_writer.writerows(rows)
                dossiers += len(rows)
                if rng.random() < complaint_chance:
                    moment = start + timedelta(days=rng.randrange(days), hours=rng.randrange(8, 17))
                    complaint_writer.writerow(
                        (
                            f"PA-{code}-{start:%y%m}",
                            code,
                            moment.strftime(TIME_FORMAT),
                            rng.choice(("hotline_1022", "national_portal")),
                            "Trả kết quả chậm so với giấy hẹn",
                            "",
                        )
                    )
                    complaints += 1
    return dossiers_path, complaints_path, dossiers, complaints


def write_units(folder: Path, units: list[tuple[str, str, str]]) -> Path:
    path = folder / "don-vi.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("code", "name", "kind", "parent_code"))
        writer.writerows((code, name, kind, "") for code, name, kind in units)
    return path


def flask_import(path: Path, kind: str) -> str:
    """Run `flask --app webapp import PATH --kind KIND`; return its summary line."""
    done = subprocess.run(
        [FLASK, "--app", "webapp", "import", str(path), "--kind", kind],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"import of {path.name} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def add_unit_accounts(password: str) -> int:
    """Give every unit without an account one, all sharing one password hash."""
    from sqlalchemy import select

    from webapp.auth.models import Role, User
    from webapp.auth.passwords import hash_password
    from webapp.extensions import db
    from webapp.units.models import Unit

    shared = hash_password(password)
    taken = set(db.session.scalars(select(User.unit_id).where(User.unit_id.is_not(None))))
    units = db.session.scalars(select(Unit).where(Unit.id.not_in(taken or {0}))).all()
    db.session.add_all(
        User(
            username=unit.code.lower(),
            display_name=f"Cán bộ {unit.name}",
            role=Role.UNIT,
            unit_id=unit.id,
            password_hash=shared,
        )
        for unit in units
    )
    return len(units)


def issue_letters(periods: list[str]) -> tuple[int, int]:
    """Draft, sign and issue one directive per period; start a third of the tasks."""
    from sqlalchemy import select

    from webapp.auth.models import User
    from webapp.directives.operations import approve_directive, draft_directive, submit_directive
    from webapp.extensions import db
    from webapp.tasks.issuing import issue_directive
    from webapp.tasks.operations import start_task

    office = db.session.scalar(select(User).where(User.username == "vanphong"))
    chairman = db.session.scalar(select(User).where(User.username == "chutich"))
    users = {user.unit_id: user for user in db.session.scalars(select(User)) if user.unit_id}
    tasks = 0
    for period in periods:
        letter = draft_directive(office, period)
        submit_directive(office, letter)
        approve_directive(chairman, letter)
        issued = issue_directive(office, letter)
        for task in issued[::3]:
            start_task(users[task.unit_id], task)
        tasks += len(issued)
        db.session.commit()
    return len(periods), tasks


def busiest_unit() -> str:
    """Return the user name of the unit with the most tasks (the unit task list to drive)."""
    from sqlalchemy import func, select

    from webapp.auth.models import User
    from webapp.extensions import db
    from webapp.tasks.models import UnitTask

    unit_id = db.session.scalar(
        select(UnitTask.unit_id)
        .group_by(UnitTask.unit_id)
        .order_by(func.count().desc(), UnitTask.unit_id)
        .limit(1)
    )
    return db.session.scalar(select(User.username).where(User.unit_id == unit_id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True, help="where the CSV files go")
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--last", default="2024-01", help="the last month, YYYY-MM")
    parser.add_argument("--dossiers", default="30-60", help="dossiers per unit and month, MIN-MAX")
    parser.add_argument("--letters", type=int, default=3)
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD") or "mat-khau-tai")
    args = parser.parse_args()
    bounds = tuple(int(part) for part in args.dossiers.split("-", 1))

    from webapp import create_app
    from webapp.demo import city
    from webapp.demo.loader import load_demo_city
    from webapp.extensions import db
    from workflows.periods import shift_period

    args.folder.mkdir(parents=True, exist_ok=True)
    timings = {}
    app = create_app()
    # The demo signers' CA and keys go with the bench's files, not into the project's instance.
    app.instance_path = str(args.folder / "instance")
    with app.app_context():
        started = time.perf_counter()
        load_demo_city(args.password)
        db.session.commit()
        timings["demo city"] = time.perf_counter() - started

        started = time.perf_counter()
        units = [*city.units(), *extra_units(args.units, len(city.units()))]
        units_summary = flask_import(write_units(args.folder, units), "units")
        timings["units import"] = time.perf_counter() - started

        started = time.perf_counter()
        dossiers_path, complaints_path, dossiers, complaints = write_figures(
            args.folder,
            [code for code, _name, _kind in units],
            month_starts(args.last, args.months),
            bounds,
        )
        timings["write CSV"] = time.perf_counter() - started
        started = time.perf_counter()
        dossiers_summary = flask_import(dossiers_path, "dossiers")
        timings["dossiers import"] = time.perf_counter() - started
        started = time.perf_counter()
        flask_import(complaints_path, "complaints")
        timings["complaints import"] = time.perf_counter() - started

        started = time.perf_counter()
        db.session.expire_all()
        accounts = add_unit_accounts(args.password)
        db.session.commit()
        timings["unit accounts"] = time.perf_counter() - started

        started = time.perf_counter()
        periods = [shift_period(args.last, -back) for back in range(args.letters - 1, -1, -1)]
        letters, tasks = issue_letters(periods)
        timings["letters"] = time.perf_counter() - started
        unit_login = busiest_unit()
        db.engine.dispose()
    print(
        json.dumps(
            {
                "period": args.last,
                "units": len(units),
                "dossiers": dossiers,
                "complaints": complaints,
                "unit_accounts_added": accounts,
                "letters": letters,
                "tasks": tasks,
                "office": "vanphong",
                "unit": unit_login,
                "password": args.password,
                "imports": [units_summary, dossiers_summary],
                "seconds": {name: round(value, 1) for name, value in timings.items()},
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
