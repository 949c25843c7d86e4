"""Run the app's command line in a child process, as a worker or an operator would."""

from __future__ import annotations

import os
import secrets
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
