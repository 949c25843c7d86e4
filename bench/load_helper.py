"""The steps of bench/load.sh that are easier in Python than in the shell.

    load_helper.py database-create FOLDER      print the URL of a new empty database
    load_helper.py database-drop URL           drop it (PostgreSQL; a SQLite file goes with FOLDER)
    load_helper.py login BASE USER PASSWORD    log in through /login, print the Cookie header
    load_helper.py check BASE PATH [HEADER]    GET once: exit 1 unless 200; print the size
    load_helper.py cpu PID                     print the CPU seconds of gunicorn PID and its workers
    load_helper.py report RESULTS              print the table, each target's p99 and the checks

A new PostgreSQL database is made on the server DATABASE_URL names when it names one; otherwise
the database is a SQLite file in FOLDER. RESULTS holds one line per run: the target's label, a
tab, its path, a tab, the CPU seconds its server spent, a tab, and the LOAD-RESULT line of
bench/load.lua.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import sys
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

RESULT_MARK = "LOAD-RESULT "
# The targets: every target's p99 (the trivial route is the baseline, not a target), and
# the dashboard against the trivial route measured in the same run.
TARGET_P99_MS = 250
DASHBOARD_SHARE_OF_TRIVIAL = 0.1
TRIVIAL = "trivial"


def _postgres_server() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgresql", "postgres")):
        return None
    return "postgresql://" + url.split("://", 1)[1]


def database_create(folder: str) -> None:
    server = _postgres_server()
    if server is None:
        print(f"sqlite:///{Path(folder, 'load.sqlite3')}")
        return
    import psycopg

    name = f"dondoc_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    print(parts._replace(path=f"/{name}").geturl())


def database_drop(url: str) -> None:
    server = _postgres_server()
    if server is None or not url.startswith("postgresql"):
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if not name.startswith("dondoc_load_"):
        sys.exit(f"refusing to drop {name!r}: not a database of this benchmark")
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _connection(base: str) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    # The cookies are Secure in production; a cookie jar would not send them back over http.
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        found[name.strip()] = value
    return found


def login(base: str, username: str, password: str) -> None:
    connection = _connection(base)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = _cookies(response)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    body = urlencode({"username": username, "password": password, "csrf_token": token})
    connection.request(
        "POST",
        "/login",
        body=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    response = connection.getresponse()
    response.read()
    cookies.update(_cookies(response))
    if response.status != 302 or "session" not in cookies:
        sys.exit(f"login as {username} failed: HTTP {response.status}")
    print("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))


def check(base: str, path: str, header: str = "") -> None:
    connection = _connection(base)
    headers = dict([header.split(": ", 1)]) if header else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"GET {path} answered HTTP {response.status}, not 200")
    print(len(body))


def cpu(master: str) -> None:
    """Sum utime + stime of the process and of every process whose parent it is."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = stat.parent.name, fields[1]
        if master in (pid, parent):
            total += int(fields[11]) + int(fields[12])
    print(f"{total / ticks:.2f}")


def report(results: str) -> None:
    runs = []
    for line in Path(results).read_text().splitlines():
        label, path, cpu_seconds, result = line.split("\t", 3)
        measured = json.loads(result.removeprefix(RESULT_MARK))
        measured["cpu_ms"] = 1000 * float(cpu_seconds) / max(measured["requests"], 1)
        runs.append((label, path, measured))
    print()
    print(
        f"{'target':<26} {'path':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'CPU ms/req':>10} {'KB/resp':>8} {'errors':>6}"
    )
    for label, path, m in runs:
        errors = m["http_errors"] + m["socket_errors"] + m["timeouts"]
        size = m["bytes"] / max(m["requests"], 1) / 1024
        print(
            f"{label:<26} {path[:28]:<28} {m['rps']:>8.1f} {m['p50_ms']:>8.1f} "
            f"{m['p99_ms']:>8.1f} {m['max_ms']:>8.1f} {m['cpu_ms']:>10.1f} {size:>8.1f} "
            f"{errors:>6}"
        )
    by_label = {label: m for label, _path, m in runs}
    trivial, dashboard = by_label[TRIVIAL], by_label["dashboard (office)"]
    share = dashboard["rps"] / trivial["rps"]
    targets = [(label, m) for label, _path, m in runs if label != TRIVIAL]
    print()
    print(f"p99 per target (limit {TARGET_P99_MS} ms):")
    for label, m in targets:
        verdict = "pass" if m["p99_ms"] < TARGET_P99_MS else "FAIL"
        print(f"  {verdict}  {label:<26} {m['p99_ms']:8.1f} ms")
    slowest_label, slowest = max(targets, key=lambda target: target[1]["p99_ms"])
    checks = [
        (
            f"every target's p99 under {TARGET_P99_MS} ms",
            all(m["p99_ms"] < TARGET_P99_MS for _label, m in targets),
            f"slowest {slowest_label}, {slowest['p99_ms']:.1f} ms",
        ),
        (
            "dashboard req/s at least 1/10 of the trivial route's",
            share >= DASHBOARD_SHARE_OF_TRIVIAL,
            f"{dashboard['rps']:.1f} / {trivial['rps']:.1f} = {share:.2f}",
        ),
    ]
    print()
    for name, met, figure in checks:
        print(f"{'PASS   ' if met else 'FAIL   '} {name}: {figure}")
    if any(m["http_errors"] or m["socket_errors"] or m["timeouts"] for m in by_label.values()):
        print("some requests failed: see the errors column")
    sys.exit(0 if all(met for _name, met, _figure in checks) else 1)


COMMANDS = {
    "database-create": database_create,
    "database-drop": database_drop,
    "login": login,
    "check": check,
    "cpu": cpu,
    "report": report,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
