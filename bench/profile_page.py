"""Profile one page of a built database: CPU and wall time per request, SQL statements, hot spots.

    DATABASE_URL=... .venv/bin/python bench/profile_page.py PATH [--user vanphong]
        [--password P] [--token] [--repeat 20] [--top 25] [--profile FILE]

Logs in through the real login page (or, with --token, asks with a new API token of the user),
requests PATH once to warm up, then --repeat times through Flask's test client, so no server and
no network take part: what is left is the app's own work. Prints the median wall and CPU time per
request, the SQL statements per request with their total time (SQLAlchemy cursor events), the
slowest statements, and the --top functions by cumulative time under cProfile (a separate pass,
since the profiler slows everything it sees).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class StatementLog:
    """Count and time the SQL statements the engine sends."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.statements: list[tuple[str, float]] = []
        self._started: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        self._started[id(cursor)] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        elapsed = time.perf_counter() - self._started.pop(id(cursor), time.perf_counter())
        self.statements.append((" ".join(statement.split()), elapsed))

    def take(self) -> list[tuple[str, float]]:
        taken, self.statements = self.statements, []
        return taken


def log_in(client, username: str, password: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    if response.status_code != 302:
        sys.exit(f"login as {username} failed: {response.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--user", default="vanphong")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD") or "mat-khau-tai")
    parser.add_argument("--token", action="store_true", help="use an API token, not a session")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--profile", help="also save the cProfile stats to this file")
    args = parser.parse_args()

    from sqlalchemy import select

    from webapp import create_app
    from webapp.auth.models import User
    from webapp.auth.operations import issue_api_token
    from webapp.extensions import db

    app = create_app()
    # Each request gets its own app context, as under a server: an outer one would carry
    # flask.g (and so the logged-in user) from one request into the next.
    with app.app_context():
        log = StatementLog(db.engine)
        headers = {}
        if args.token:
            user = db.session.scalar(select(User).where(User.username == args.user))
            headers["Authorization"] = f"Bearer {issue_api_token(None, user)}"
            db.session.commit()
    client = app.test_client()
    if not args.token:
        log_in(client, args.user, args.password)

    first = client.get(args.path, headers=headers)
    if first.status_code != 200:
        sys.exit(f"{args.path} answered {first.status_code}")
    size = len(first.get_data())
    log.take()
    walls, cpus, counts, sql_times = [], [], [], []
    slowest: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        client.get(args.path, headers=headers)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        statements = log.take()
        counts.append(len(statements))
        sql_times.append(sum(elapsed for _statement, elapsed in statements))
        for statement, elapsed in statements:
            slowest[statement[:110]].append(elapsed)

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(max(3, args.repeat // 4)):
        client.get(args.path, headers=headers)
    profiler.disable()

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.1f} ms"

    print(f"{args.path} as {args.user}: {size} bytes, {args.repeat} requests")
    print(f"  wall per request (median)   {ms(walls)}  (min {min(walls) * 1000:.1f} ms)")
    print(f"  CPU per request (median)    {ms(cpus)}")
    print(f"  SQL statements per request  {statistics.median(counts):.0f}")
    print(f"  SQL time per request        {ms(sql_times)}")
    print("  statements by total time per request:")
    ranked = sorted(slowest.items(), key=lambda item: -sum(item[1]))[:8]
    for statement, times in ranked:
        per_request = sum(times) / args.repeat * 1000
        print(f"    {per_request:7.2f} ms  x{len(times) / args.repeat:<5.1f} {statement}")
    stats = pstats.Stats(profiler)
    if args.profile:
        stats.dump_stats(args.profile)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
