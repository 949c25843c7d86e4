"""Services of a test's own, started and stopped by pid: a Redis, a PostgreSQL, RQ workers.

The shared servers the rest of the suite uses are never touched: each fault test starts its own
on a free port, and kills or restarts it as an operator (or a crash) would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.processes import FLASK, PROJECT_ROOT, flask_environment, free_port

POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)


def wait_until(check, timeout: float = 30, what: str = "condition") -> None:
    """Poll check() until it is true, or fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Redis:
    """A redis-server of the test's own, keeping nothing on disk (a restart empties it)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: _answers(self.port), 15, f"Redis on port {self.port}")

    def kill(self) -> None:
        """Kill the server by its pid, as a crash would."""
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            self.process = None


class Postgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder), trust on 127.0.0.1."""

    def __init__(self) -> None:
        # Under /tmp itself: the postgres account cannot enter pytest's private folders.
        self.folder = Path(tempfile.mkdtemp(prefix="dondoc-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/dondoc"

    def _as_owner(self, command: list[str]) -> list[str]:
        # PostgreSQL refuses to run as root.
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def create(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(
            self._as_owner(
                [str(POSTGRES_BIN / "initdb"), "-D", str(self.data), "-U", "postgres"]
                + ["-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"]
            ),
            check=True,
            capture_output=True,
        )
        self.start()
        subprocess.run(
            [str(POSTGRES_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
            + ["-U", "postgres", "dondoc"],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            self._as_owner(
                [str(POSTGRES_BIN / "postgres"), "-D", str(self.data), "-p", str(self.port)]
                + ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.data}"]
                + ["-c", "fsync=off"]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ready, 30, f"PostgreSQL on port {self.port}")

    def ready(self) -> bool:
        done = subprocess.run(
            [str(POSTGRES_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
            check=False,
        )
        return done.returncode == 0

    def stop(self) -> None:
        """Fast shutdown by the postmaster's pid: open transactions are rolled back."""
        if self.process is not None:
            self._signal(signal.SIGINT)
            self.process.wait(30)
            self.process = None

    def remove(self) -> None:
        """Stop the server if it runs and delete its files."""
        if self.process is not None and (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _signal(self, number: int) -> None:
        # Under runuser the postmaster is runuser's child: signal the one named in postmaster.pid.
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, number)


class Worker:
    """`flask --app webapp worker` in a process group of its own (it forks a horse per job)."""

    def __init__(self, database_url: str, redis_url: str, log: Path, **settings: str) -> None:
        self.env = {**flask_environment(database_url, redis_url), **settings}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, *args: str) -> subprocess.Popen:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [FLASK, "--app", "webapp", "worker", *args],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self.process

    def run_burst(self, timeout: float = 300) -> int:
        """Work until the queues are empty; return the exit code."""
        return self.start("--burst").wait(timeout)

    def kill(self) -> None:
        """Kill the worker, its horse and the horse's children at once, as a crash would.

        The horse runs in a session of its own (RQ's doing): every descendant is killed by pid.
        """
        if self.process is not None:
            if self.process.poll() is None:
                for pid in [self.process.pid, *descendants(self.process.pid)]:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                self.process.wait(10)
            self.process = None


def descendants(pid: int) -> list[int]:
    """Return the pids of every process descending from pid (read from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, waiting = [], [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.append(child)
            waiting.append(child)
    return found
