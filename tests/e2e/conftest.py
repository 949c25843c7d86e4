"""Browser tests: the real app served by `flask run`, driven in headless Chromium."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.databases import copy_database, create_database, drop_database
from tests.processes import free_port, run_command, stop

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "mat-khau-demo-e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
# One key for the run: the demo city is built once and served by each module's server.
SECRET_KEY = secrets.token_urlsafe(48)
PHONE = {"width": 390, "height": 844}
AXE = Axe()


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page shown, each with its first nodes."""
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in AXE.run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def _server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.pop("FLASK_DEBUG", None)
    env.update(
        APP_ENV="testing",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        DEMO_PASSWORD=DEMO_PASSWORD,
        PYTHONUNBUFFERED="1",
    )
    return env


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "webapp", *args]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"flask run exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"{url}/healthz did not answer within {timeout} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def demo_city(tmp_path_factory) -> Iterator[str]:
    """A migrated database holding the demo city, built once a run by the app's own commands;
    each module's server works on a copy of it."""
    database_url = create_database(tmp_path_factory.mktemp("demo-city"), "e2e_city")
    try:
        env = _server_env(database_url)
        run_command(env, "db", "upgrade")
        run_command(env, "demo")
        yield database_url
    finally:
        drop_database(database_url)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, demo_city) -> Iterator[str]:
    """The app on a free port, with a database of its own holding the demo city."""
    workdir = tmp_path_factory.mktemp("live")
    database_url = copy_database(demo_city, workdir, "e2e")
    env = _server_env(database_url)
    try:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = workdir / "server.log"
        with log.open("w") as log_file:
            server = subprocess.Popen(
                _flask("run", "--host", "127.0.0.1", "--port", str(port), "--no-reload"),
                cwd=REPO_ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            _wait_until_healthy(url, server, log)
            yield url
        finally:
            stop(server)
    finally:
        drop_database(database_url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless system Chromium (never a downloaded one)."""
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """One browser context: a page and every URL it asked for."""

    def __init__(self, browser: Browser, base_url: str, viewport: dict):
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport, base_url=base_url, locale="vi-VN")
        self.context.set_default_timeout(15_000)
        self.requested: list[str] = []
        self.context.on("request", lambda request: self.requested.append(request.url))
        self.page: Page = self.context.new_page()

    def foreign_requests(self) -> list[str]:
        """URLs that went anywhere but the app under test."""
        return [
            url
            for url in self.requested
            if not (
                url.startswith(self.base_url + "/")
                or url == self.base_url
                # The browser's own pages (its PDF viewer) never leave the machine.
                or url.startswith(("data:", "about:", "blob:", "chrome:", "chrome-extension:"))
            )
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, live_server) -> Iterator:
    """Open browser contexts: visit() at desktop size, visit(PHONE) for a phone."""
    opened: list[Visit] = []

    def open_visit(viewport: dict | None = None) -> Visit:
        opened.append(Visit(browser, live_server, viewport or DESKTOP))
        return opened[-1]

    yield open_visit
    foreign = [url for one in opened for url in one.foreign_requests()]
    for one in opened:
        one.close()
    assert not foreign, f"requests left 127.0.0.1: {foreign}"
