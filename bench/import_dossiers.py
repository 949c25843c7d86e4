"""Benchmark the dossier importer against a bare SQLite floor and DuckDB.

    .venv/bin/python bench/import_dossiers.py --rows 100000 [--database sqlite|postgresql] [--keep]
        [--breakdown] [--profile FILE] [--inline] [--repeat N]

1. Writes N synthetic dossiers (300 units, received over the 12 months of 2024, fixed seed) to a
   CSV in a temporary folder, streamed row by row.
2. Measures, each in its own child process (so each peak RSS is that step's alone, read with
   os.wait4) and each in a fresh database:
   a. the real importer: import_file(None, "dossiers", ...) + commit, after a migrated database
      with the 300 units was prepared by another child (a file this large is read and checked
      in a process of the importer's own while the importer stores it; --inline checks it in
      the importer's process);
   b. the bare SQLite floor: csv.reader -> executemany into one TEXT table -> one GROUP BY;
   c. DuckDB: the monthly figures of every period straight from the CSV with read_csv.
3. Prints a table (seconds, rows/s, peak RSS) and the ratios, and checks that the importer's
   monthly figures equal DuckDB's.

--breakdown runs the importer once more with timers around its phases (checksum, encoding pass,
waiting for checked rows, staging, each SQL statement, dossier counts, figures, commit) and
prints them.
--profile FILE runs it once more under cProfile and saves the stats to FILE.
After the first import, GET /api/v1/dossiers is timed for every figure of the largest unit-month
(first page and total; median of 21 requests through the test client), beside GET /healthz.
Needs the `bench` extra (duckdb).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import os
import platform
import random
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20240101
UNIT_COUNT = 300
PG_SERVER = "postgresql://127.0.0.1:5432/test"
PG_BASE = "postgresql+psycopg://127.0.0.1:5432/"
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S"
DAY_FIRST_FORMAT = "%d/%m/%Y %H:%M"
FIGURES = (
    "received",
    "resolved_on_time",
    "resolved_late",
    "pending_on_time",
    "pending_overdue",
    "closed_late_in_software",
)
RESULT_MARK = "BENCH-RESULT "


# --------------------------------------------------------------------------- data


def unit_rows() -> list[tuple[str, str, str]]:
    """The 300 units: (code, name, kind). 20 departments, 240 wards/communes, 40 agencies."""
    rows = []
    for index in range(1, UNIT_COUNT + 1):
        if index <= 20:
            kind, name = "department", f"Phòng chuyên môn số {index}"
        elif index <= 260:
            kind = "ward" if index % 3 else "commune"
            name = f"UBND {'phường' if kind == 'ward' else 'xã'} số {index - 20}"
        else:
            kind, name = "agency", f"Cơ quan ngành dọc số {index - 260}"
        rows.append((f"DV{index:04d}", name, kind))
    return rows


def generate_csv(path: Path, rows: int) -> dict:
    """Write `rows` dossiers to path, one at a time; return the outcome mix actually written.

    Mix: ~85 % finished on time, ~8 % finished late (a third of them returned to the citizen on
    time, i.e. closed late in the software), ~7 % never finished. Half the rows write their dates
    in ISO 8601, half as dd/mm/yyyy HH:MM (local time, minute precision either way).
    """
    rng = random.Random(SEED)
    units = [code for code, _, _ in unit_rows()]
    # Departments handle more dossiers than a ward; agencies (tax, land registry) too.
    weights = [8 if i < 20 else (3 if i >= 260 else 1) for i in range(UNIT_COUNT)]
    cumulative, total_weight = [], 0
    for weight in weights:
        total_weight += weight
        cumulative.append(total_weight)
    procedures = [
        f"1.{rng.randrange(1000, 14000):06d}.000.00.00.H{rng.randrange(10, 64)}" for _ in range(400)
    ]
    terms_days = (1, 2, 3, 5, 7, 10, 12, 15, 20, 30)
    origin = datetime(2024, 1, 1)
    # Every time is kept as whole minutes since 2024-01-01 00:00 local, so both formats
    # write exactly the same instant.
    mix = {
        "on_time": 0,
        "late_returned_on_time": 0,
        "late": 0,
        "unfinished": 0,
        "iso_rows": 0,
        "no_returned_at": 0,
    }
    stamp_cache: dict[tuple[int, bool], str] = {}

    def stamp(minutes: int, iso: bool) -> str:
        key = (minutes, iso)
        text = stamp_cache.get(key)
        if text is None:
            moment = origin + timedelta(minutes=minutes)
            text = moment.strftime(ISO_FORMAT if iso else DAY_FIRST_FORMAT)
            if len(stamp_cache) < 2_000_000:
                stamp_cache[key] = text
        return text

    from webapp.imports.columns import header
    from webapp.imports.models import ImportKind

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header(ImportKind.DOSSIERS))
        for number in range(rows):
            unit = units[bisect.bisect_left(cumulative, rng.random() * total_weight + 1e-9)]
            day = rng.randrange(366)  # 2024 is a leap year
            received = day * 1440 + rng.randrange(7 * 60 + 30, 17 * 60)
            term = rng.choice(terms_days)
            # Due at 17:00 after `term` working days (roughly 7/5 calendar days each).
            due_day = day + max(1, round(term * 7 / 5))
            due = due_day * 1440 + 17 * 60
            outcome = rng.random()
            returned: int | None
            finished: int | None
            if outcome < 0.85:
                mix["on_time"] += 1
                finished = received + int((due - received) * rng.uniform(0.05, 1.0))
                returned = max(received, finished - rng.randrange(0, 180))
                if rng.random() < 0.10:  # results sent online: no hand-over time recorded
                    returned = None
            elif outcome < 0.93:
                finished = due + rng.randrange(30, 25 * 1440)
                if rng.random() < 1 / 3:
                    mix["late_returned_on_time"] += 1
                    returned = received + int((due - received) * rng.uniform(0.3, 1.0))
                else:
                    mix["late"] += 1
                    returned = finished - rng.randrange(0, finished - due)
            else:
                mix["unfinished"] += 1
                finished = returned = None
            if returned is None:
                mix["no_returned_at"] += 1
            channel_draw = rng.random()
            channel = (
                "online" if channel_draw < 0.55 else "direct" if channel_draw < 0.95 else "postal"
            )
            iso = rng.random() < 0.5
            mix["iso_rows"] += iso
            writer.writerow(
                (
                    f"{unit}-{(origin + timedelta(days=day)):%y%m%d}-{number + 1:07d}",
                    unit,
                    procedures[rng.randrange(len(procedures))],
                    channel,
                    stamp(received, iso),
                    stamp(due, iso),
                    "" if returned is None else stamp(returned, iso),
                    "" if finished is None else stamp(finished, iso),
                )
            )
    return mix


# --------------------------------------------------------------------------- children


def _emit(result: dict) -> None:
    print(RESULT_MARK + json.dumps(result), flush=True)


def _rss_now_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _app(url: str, inline: bool = False):
    from webapp import create_app

    settings = {
        "APP_ENV": "testing",
        "SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
        "SQLALCHEMY_DATABASE_URI": url,
        "REDIS_URL": None,
    }
    if inline:  # never check in a child process
        settings["IMPORT_PARALLEL_BYTES"] = 1 << 62
    return create_app(settings)


def step_setup(args) -> dict:
    """Migrate a fresh database and add the 300 units (not measured)."""
    from flask_migrate import upgrade

    from webapp.extensions import db
    from webapp.units.models import Unit, UnitKind

    started = time.perf_counter()
    app = _app(args.url)
    with app.app_context():
        upgrade()
        db.session.add_all(
            Unit(code=code, name=name, kind=UnitKind(kind)) for code, name, kind in unit_rows()
        )
        db.session.commit()
        db.engine.dispose()
    return {"seconds": time.perf_counter() - started}


def step_importer(args) -> dict:
    """import_file + commit on the prepared database: the measured step."""
    from sqlalchemy import text

    from webapp.extensions import db
    from webapp.imports.operations import import_file

    app = _app(args.url, inline=args.inline)
    phases = None
    with app.app_context():
        db.session.execute(text("SELECT 1")).all()  # connect (and run the SQLite pragmas) first
        db.session.rollback()
        if args.breakdown:
            phases = _install_phase_timers()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
        rss_before = _rss_now_mb()
        cpu_started = time.process_time()
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        run = import_file(None, "dossiers", Path(args.csv), Path(args.csv).name)
        commit_started = time.perf_counter()
        db.session.commit()
        finished = time.perf_counter()
        cpu = time.process_time() - cpu_started
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        if phases is not None:
            phases = {**phases, "commit": [finished - commit_started, 1]}  # snapshot
        result = {
            "seconds": finished - started,
            "cpu_seconds": cpu,
            "rss_before_mb": rss_before,
            "self_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            # The checking child's own peak (it shares the pages it was forked with).
            "child_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "child_cpu_seconds": _children_cpu(),
            "rows_total": run.rows_total,
            "rows_added": run.rows_added,
            "periods": run.periods,
            "figures": _figures_from_db(db),
            "phases": phases,
        }
        db.engine.dispose()
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _figures_from_db(db) -> dict:
    from sqlalchemy import text

    sums = ", ".join(f"sum({name})" for name in FIGURES)
    rows = db.session.execute(
        text(
            f"SELECT period, count(*), {sums} FROM unit_period_figures GROUP BY period ORDER BY period"
        )
    ).all()
    return {row[0]: [int(value) for value in row[1:]] for row in rows}


def _install_phase_timers() -> dict:
    """Wrap the importer's phases in this process with timers (only in --breakdown runs).

    Reading and checking run in the child process for a large file: here they show as the time
    spent waiting for the next checked chunk.
    """
    from sqlalchemy import event

    from webapp.extensions import db
    from webapp.imports import checking, operations, reading, staging
    from webapp.stats import dossier_counts

    phases: dict[str, list] = {}
    clock = time.perf_counter

    def add(label: str, seconds: float) -> None:
        entry = phases.setdefault(label, [0.0, 0])
        entry[0] += seconds
        entry[1] += 1

    def timed(owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*a, **k):
            started = clock()
            try:
                return original(*a, **k)
            finally:
                add(label, clock() - started)

        setattr(owner, name, wrapper)

    def timed_messages(check, in_child):
        messages = original_checked_file(check, in_child)
        label = "waiting for checked rows (child)" if in_child else "read + check (in process)"
        while True:
            started = clock()
            message = next(messages, None)
            add(label, clock() - started)
            if message is None:
                return
            yield message

    original_checked_file = checking.checked_file
    operations.checked_file = timed_messages
    timed(operations, "file_checksum", "sha256 of the file (a full pass)")
    timed(reading, "_detect_encoding", "UTF-8 validation (a full pass)")
    timed(staging.ChunkWriter, "write", "store chunks (total)")
    timed(staging.SqliteChunkWriter, "_stage", "  staging (SQLite executemany)")
    timed(staging.CopyChunkWriter, "_stage", "  staging (PostgreSQL COPY)")
    timed(dossier_counts.DossierCountChanges, "apply", "dossier counts: apply the difference")
    timed(operations, "recompute_figures", "recompute_figures (figures + replace)")

    # Each SQL statement the session sends, by its first words (the raw executemany/COPY of
    # the staging flush does not go through here).
    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        elapsed = time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())
        words = " ".join(statement.split())
        if "unit_period_figures" in words and words.startswith("INSERT"):
            label = "FROM_" + (
                "DOSSIERS"
                if "FROM dossiers d" in words
                else "REPORTS"
                if "FROM reported_figures r" in words
                else "COMPLAINTS_ONLY"
            )
        else:
            label = re.sub(r"sa_savepoint_\d+", "sa_savepoint_N", words)[:70]
        entry = phases.setdefault("sql: " + label, [0.0, 0])
        entry[0] += elapsed
        entry[1] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    return phases


def step_sqlite_floor(args) -> dict:
    """csv.reader -> executemany into one TEXT table -> one GROUP BY: no parsing, no checks."""
    import sqlite3

    rss_before = _rss_now_mb()
    cpu_started = time.process_time()
    started = time.perf_counter()
    connection = sqlite3.connect(args.url, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")  # as the app's SQLite connections
    connection.execute("BEGIN")
    connection.execute(
        "CREATE TABLE dossiers (dossier_code TEXT, unit_code TEXT, procedure_code TEXT, "
        "channel TEXT, received_at TEXT, due_at TEXT, returned_at TEXT, finished_at TEXT)"
    )
    with open(args.csv, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        connection.executemany("INSERT INTO dossiers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", reader)
    connection.execute("COMMIT")
    loaded = time.perf_counter()
    rows = connection.execute(
        "SELECT unit_code, CASE WHEN substr(received_at, 3, 1) = '/' "
        "  THEN substr(received_at, 7, 4) || '-' || substr(received_at, 4, 2) "
        "  ELSE substr(received_at, 1, 7) END AS period, count(*) "
        "FROM dossiers GROUP BY unit_code, period"
    ).fetchall()
    finished = time.perf_counter()
    cpu = time.process_time() - cpu_started
    connection.close()
    received: dict[str, int] = {}
    for _, period, count in rows:
        received[period] = received.get(period, 0) + count
    return {
        "seconds": finished - started,
        "cpu_seconds": cpu,
        "load_seconds": loaded - started,
        "query_seconds": finished - loaded,
        "groups": len(rows),
        "received": received,
        "rss_before_mb": rss_before,
    }


DUCKDB_FIGURES = f"""
WITH d AS MATERIALIZED (
    SELECT unit_code,
        try_strptime(received_at, ['{ISO_FORMAT}', '{DAY_FIRST_FORMAT}']) AS received_at,
        try_strptime(due_at, ['{ISO_FORMAT}', '{DAY_FIRST_FORMAT}']) AS due_at,
        try_strptime(returned_at, ['{ISO_FORMAT}', '{DAY_FIRST_FORMAT}']) AS returned_at,
        try_strptime(finished_at, ['{ISO_FORMAT}', '{DAY_FIRST_FORMAT}']) AS finished_at
    FROM read_csv($path, header = true, all_varchar = true)
),
p AS (
    SELECT starts_at, starts_at + INTERVAL 1 MONTH AS ends_at
    FROM (SELECT unnest(generate_series(
              date_trunc('month', min(received_at)),
              date_trunc('month', greatest(max(received_at), max(finished_at))),
              INTERVAL 1 MONTH)) AS starts_at
          FROM d)
)
-- MISSION: for a period P and a unit (times are local; P is a calendar month)
SELECT strftime(p.starts_at, '%Y-%m') AS period, d.unit_code,
    count(*) FILTER (WHERE d.received_at >= p.starts_at) AS received,
    count(*) FILTER (WHERE d.finished_at >= p.starts_at AND d.finished_at < p.ends_at
                       AND d.finished_at <= d.due_at) AS resolved_on_time,
    count(*) FILTER (WHERE d.finished_at >= p.starts_at AND d.finished_at < p.ends_at
                       AND d.finished_at > d.due_at) AS resolved_late,
    count(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at >= p.ends_at)
                       AND d.due_at >= p.ends_at) AS pending_on_time,
    count(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at >= p.ends_at)
                       AND d.due_at < p.ends_at) AS pending_overdue,
    count(*) FILTER (WHERE d.finished_at >= p.starts_at AND d.finished_at < p.ends_at
                       AND d.finished_at > d.due_at AND d.returned_at <= d.due_at)
        AS closed_late_in_software
FROM d JOIN p ON d.received_at < p.ends_at
             AND (d.finished_at IS NULL OR d.finished_at >= p.starts_at)
GROUP BY ALL
"""


def step_duckdb(args) -> dict:
    """The monthly figures of every period, straight from the CSV."""
    import duckdb

    rss_before = _rss_now_mb()
    cpu_started = time.process_time()
    started = time.perf_counter()
    connection = duckdb.connect()
    rows = connection.execute(DUCKDB_FIGURES, {"path": args.csv}).fetchall()
    finished = time.perf_counter()
    cpu = time.process_time() - cpu_started
    threads = connection.execute("SELECT current_setting('threads')").fetchone()[0]
    connection.close()
    figures: dict[str, list[int]] = {}
    for period, _unit, *values in rows:
        entry = figures.setdefault(period, [0] * (1 + len(FIGURES)))
        entry[0] += 1
        for index, value in enumerate(values, start=1):
            entry[index] += value
    return {
        "seconds": finished - started,
        "cpu_seconds": cpu,
        "figures": dict(sorted(figures.items())),
        "threads": threads,
        "duckdb": duckdb.__version__,
        "rss_before_mb": rss_before,
    }


def step_lists(args) -> dict:
    """Time GET /api/v1/dossiers for each figure of the largest unit-month (first page of 100 and
    the total), beside GET /healthz in the same process."""
    from sqlalchemy import select

    from webapp.auth.operations import create_user, issue_api_token
    from webapp.extensions import db
    from webapp.stats.dossier_lists import LISTED_FIGURES
    from webapp.stats.models import UnitPeriodFigures
    from webapp.units.models import Unit

    app = _app(args.url)
    with app.app_context():
        unit_code, period, received = db.session.execute(
            select(Unit.code, UnitPeriodFigures.period, UnitPeriodFigures.received)
            .join(Unit, Unit.id == UnitPeriodFigures.unit_id)
            .order_by(UnitPeriodFigures.received.desc(), Unit.code)
            .limit(1)
        ).one()
        user = create_user(
            None,
            username="bench-lists",
            display_name="Đo danh sách hồ sơ",
            role="office",
            password=secrets.token_urlsafe(16),
        )
        token = issue_api_token(None, user)
        db.session.commit()
        db.engine.dispose()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def median_ms(path: str, runs: int = 21) -> tuple[float, dict]:
        answer = client.get(path, headers=headers)  # warm up
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(path, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times), answer.json

    baseline, _ = median_ms("/healthz")
    figures = {}
    for figure in LISTED_FIGURES:
        path = f"/api/v1/dossiers?unit={unit_code}&period={period}&figure={figure}"
        ms, body = median_ms(path)
        figures[figure] = {"ms": ms, "total": body["total"], "items": len(body["items"])}
    return {
        "unit": unit_code,
        "period": period,
        "received": received,
        "baseline_ms": baseline,
        "figures": figures,
    }


def print_lists(result: dict, database: str) -> None:
    print(
        f"\nGET /api/v1/dossiers on {database}, largest unit-month: {result['unit']} "
        f"{result['period']} ({result['received']:,} received); median of 21 requests through "
        f"the test client"
    )
    print(f"{'figure':<26}{'total':>8}{'listed':>8}{'ms':>9}")
    for figure, measured in result["figures"].items():
        print(f"{figure:<26}{measured['total']:>8,}{measured['items']:>8}{measured['ms']:>9.1f}")
    print(f"{'baseline: GET /healthz':<42}{result['baseline_ms']:>9.1f}")
    slowest = max(measured["ms"] for measured in result["figures"].values())
    verdict = "met" if slowest < 100 else "missed"
    print(f"{verdict}    every list under 100 ms median: slowest {slowest:.1f} ms")


STEPS = {
    "lists": step_lists,
    "setup": step_setup,
    "importer": step_importer,
    "sqlite_floor": step_sqlite_floor,
    "duckdb": step_duckdb,
}


def run_child(step: str, **options) -> dict:
    """Run one step in a fresh interpreter; return its result with its own peak RSS (wait4)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--step", step]
    for name, value in options.items():
        if value is None or value is False:
            continue
        command.append("--" + name.replace("_", "-"))
        if value is not True:
            command.append(str(value))
    wall_started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    output = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - wall_started
    result = None
    for line in output.splitlines():
        if line.startswith(RESULT_MARK):
            result = json.loads(line[len(RESULT_MARK) :])
        else:
            print(line)
    if process.returncode != 0 or result is None:
        raise SystemExit(f"step {step} failed (exit code {process.returncode})")
    result["peak_rss_mb"] = usage.ru_maxrss / 1024  # KiB on Linux
    result["child_wall_seconds"] = wall
    return result


# --------------------------------------------------------------------------- parent


def machine() -> dict:
    import sqlite3

    model = ""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            memory = f"{int(info.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
    }


def create_pg_database() -> str:
    import psycopg

    name = f"dondoc_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_version() -> str:
    import psycopg

    with psycopg.connect(PG_SERVER) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def fresh_importer_database(kind: str, work: Path, label: str, made: list[str]) -> str:
    if kind == "postgresql":
        name = create_pg_database()
        made.append(name)
        return PG_BASE + name
    return f"sqlite:///{work / f'importer-{label}.sqlite3'}"


def measure_importer(
    kind: str, work: Path, csv_path: Path, label: str, made: list[str], **options
) -> dict:
    url = fresh_importer_database(kind, work, label, made)
    setup = run_child("setup", url=url)
    result = run_child("importer", url=url, csv=csv_path, **options)
    result["setup_seconds"] = setup["seconds"]
    result["url"] = url
    return result


def print_table(rows_n: int, database: str, importer: dict, floor: dict, duck: dict) -> None:
    def rate(seconds: float) -> str:
        return f"{rows_n / seconds:,.0f}" if seconds > 0 else "-"

    lines = [
        ("importer: import_file + commit (" + database + ")", importer),
        ("bare SQLite floor: csv.reader + executemany + GROUP BY", floor),
        (f"DuckDB: read_csv + all figures ({duck['threads']} threads)", duck),
    ]
    print()
    print(
        f"{'step':<58} {'seconds':>9} {'rows/s':>11} {'peak RSS MB':>12} {'RSS before MB':>14} "
        f"{'CPU s':>7}"
    )
    print("-" * 116)
    for label, result in lines:
        print(
            f"{label:<58} {result['seconds']:>9.2f} {rate(result['seconds']):>11} "
            f"{result['peak_rss_mb']:>12.0f} {result['rss_before_mb']:>14.0f} "
            f"{result['cpu_seconds']:>7.2f}"
        )
    print("-" * 116)
    print(
        f"importer / sqlite floor: {importer['seconds'] / floor['seconds']:.2f}x   "
        f"importer / duckdb: {importer['seconds'] / duck['seconds']:.2f}x   "
        f"(by CPU seconds of the measuring process: "
        f"{importer['cpu_seconds'] / floor['cpu_seconds']:.2f}x and "
        f"{importer['cpu_seconds'] / duck['cpu_seconds']:.2f}x"
        + ("; PostgreSQL server CPU not included" if database == "postgresql" else "")
        + ")"
    )
    print(
        f"  (importer: peak RSS {importer['self_peak_rss_mb']:.0f} MB of its own + "
        f"{importer['child_peak_rss_mb']:.0f} MB of the process checking the rows = "
        f"{importer['self_peak_rss_mb'] + importer['child_peak_rss_mb']:.0f} MB at most; "
        f"checking CPU {importer['child_cpu_seconds']:.2f} s)"
        if importer["child_cpu_seconds"]
        else "  (importer: rows checked in its own process)"
    )
    print(
        f"  (SQLite floor: load {floor['load_seconds']:.2f} s + GROUP BY "
        f"{floor['query_seconds']:.2f} s, {floor['groups']} groups; "
        f"importer child wall incl. app start {importer['child_wall_seconds']:.1f} s; "
        f"DB prepare (migrate + units) {importer['setup_seconds']:.1f} s, not counted)"
    )


def check_figures(importer: dict, floor: dict, duck: dict) -> bool:
    ours, theirs = importer["figures"], duck["figures"]
    same = ours == theirs
    floor_received = {period: ours[period][1] for period in floor["received"] if period in ours}
    same_received = floor_received == floor["received"]
    print(
        f"figures check: importer periods {importer['periods'][0]}..{importer['periods'][-1]} "
        f"({len(importer['periods'])}); UnitPeriodFigures sums == DuckDB: "
        f"{'yes' if same else 'NO'}; received per month == SQLite floor: "
        f"{'yes' if same_received else 'NO'}"
    )
    if not same:
        for period in sorted(set(ours) | set(theirs)):
            if ours.get(period) != theirs.get(period):
                print(f"  {period}: importer {ours.get(period)} duckdb {theirs.get(period)}")
    totals = [sum(values[i] for values in ours.values()) for i in range(1 + len(FIGURES))]
    print(
        "  totals over all periods: rows "
        + str(totals[0])
        + ", "
        + ", ".join(f"{name} {value}" for name, value in zip(FIGURES, totals[1:], strict=True))
    )
    return same and same_received


def print_phases(phases: dict, total: float) -> None:
    print()
    print(f"importer phases ({total:.2f} s with timers on)")
    print(f"{'phase':<78} {'seconds':>8} {'share':>6} {'calls':>8}")
    shown = [(label, entry) for label, entry in phases.items() if entry[0] >= 0.005]
    for label, (seconds, calls) in sorted(shown, key=lambda item: -item[1][0]):
        print(f"{label:<78} {seconds:>8.2f} {seconds / total:>6.1%} {calls:>8}")
    print(f"({len(phases) - len(shown)} phases under 5 ms not shown)")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="dossiers to generate")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder (CSV, SQLite files) and PostgreSQL databases",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure each step this many times (fresh database each time) "
        "and report the fastest run",
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="run the importer once more with phase timers and print them",
    )
    parser.add_argument(
        "--inline",
        action="store_true",
        help="check the rows in the importer's own process, never in a child process",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="run the importer once more under cProfile; save the stats to FILE",
    )
    # Internal: run one step in this child process.
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.step:
        _emit(STEPS[args.step](args))
        return 0

    info = machine()
    print(
        f"machine: nproc {info['nproc']}, {info['cpu']}, {info['memory']}; "
        f"Python {info['python']} ({info['platform']}); SQLite {info['sqlite']}"
        + (f"; PostgreSQL {pg_version()}" if args.database == "postgresql" else "")
    )
    work = Path(tempfile.mkdtemp(prefix="dondoc-bench-"))
    made: list[str] = []
    try:
        csv_path = work / f"dossiers-{args.rows}.csv"
        started = time.perf_counter()
        mix = generate_csv(csv_path, args.rows)
        size = csv_path.stat().st_size
        print(
            f"generated {args.rows:,} dossiers, {size / 1e6:.1f} MB, in "
            f"{time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{name} {value / args.rows:.1%}" for name, value in mix.items())
        )

        runs: dict[str, list[dict]] = {"importer": [], "floor": [], "duck": []}
        lists = None
        for attempt in range(args.repeat):
            runs["importer"].append(
                measure_importer(
                    args.database, work, csv_path, f"main{attempt}", made, inline=args.inline
                )
            )
            if lists is None:
                lists = run_child("lists", url=runs["importer"][-1]["url"])
            floor_file = work / f"floor{attempt}.sqlite3"
            runs["floor"].append(run_child("sqlite_floor", url=floor_file, csv=csv_path))
            runs["duck"].append(run_child("duckdb", csv=csv_path))
            if not args.keep:
                for leftover in work.glob(f"*{attempt}.sqlite3*"):
                    leftover.unlink()
        importer, floor, duck = (
            min(runs[name], key=lambda result: result["seconds"])
            for name in ("importer", "floor", "duck")
        )
        if args.repeat > 1:
            print(
                f"\nbest of {args.repeat} runs each; all runs (s): "
                + "; ".join(
                    f"{name} " + ", ".join(f"{result['seconds']:.2f}" for result in results)
                    for name, results in runs.items()
                )
            )
        print_table(args.rows, args.database, importer, floor, duck)
        check_figures(importer, floor, duck)
        print_lists(lists, args.database)

        if args.breakdown:
            timed = measure_importer(
                args.database, work, csv_path, "breakdown", made, breakdown=True, inline=args.inline
            )
            print_phases(timed["phases"], timed["seconds"])
        if args.profile:
            profiled = measure_importer(
                args.database,
                work,
                csv_path,
                "profile",
                made,
                profile=Path(args.profile).resolve(),
                inline=args.inline,
            )
            print(
                f"\ncProfile of the importer ({profiled['seconds']:.2f} s with the profiler on) "
                f"saved to {args.profile}"
            )
    finally:
        if args.keep:
            print(f"kept: {work}" + (f"; PostgreSQL databases: {', '.join(made)}" if made else ""))
        else:
            shutil.rmtree(work, ignore_errors=True)
            for name in made:
                drop_pg_database(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
