"""Run the app's command line in a child process, as a worker or an operator would."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FLASK = str(Path(sys.executable).with_name("flask"))


def flask_environment(database_url: str, redis_url: str) -> dict[str, str]:
    """The environment of a command of the app on these services ("" for no Redis)."""
    return dict(
        os.environ,
        APP_ENV="testing",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
    )


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a child process to end, kill it if it does not within timeout, and reap it."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def stop_group(process: subprocess.Popen, timeout: float = 30) -> None:
    """Like stop, for a child started in a session of its own: the signals go to its whole
    process group (a worker and the job it runs), and the child is always reaped."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


def run_flask(
    database_url: str, redis_url: str, *args: str, timeout: int = 300
) -> subprocess.CompletedProcess:
    """Run `flask --app webapp ARGS` on these services; return what it did (never raises on exit)."""
    return subprocess.run(
        [FLASK, "--app", "webapp", *args],
        cwd=PROJECT_ROOT,
        env=flask_environment(database_url, redis_url),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_command(env: dict, *args: str) -> str:
    """Run `flask --app webapp ARGS` in this environment; fail the test when it fails, else
    return what it printed."""
    done = subprocess.run(
        [FLASK, "--app", "webapp", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout
