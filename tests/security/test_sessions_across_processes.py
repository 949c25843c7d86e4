"""Two app processes on one database, as behind a load balancer: failed logins counted on either
throttle the account on both, and a session ended on one is refused by the other."""

from __future__ import annotations

import re

import pytest
import requests

from tests.conftest import PASSWORD
from tests.databases import create_database, drop_database
from tests.processes import run_command
from tests.security.live import served, server_environment

WRONG = "khong-phai-mat-khau"
MAX_FAILURES = 4


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    """The app served twice, by two processes, on one fresh database with two office accounts
    (one for each test: the first test locks its account out)."""
    tmp_path = tmp_path_factory.mktemp("two-servers")
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
    database = create_database(tmp_path, "sessions")
    env = server_environment(database, LOGIN_MAX_FAILURES=str(MAX_FAILURES))
    run_command(env, "db", "upgrade")
    run_command(env, "users", "create", "vanphong", "--role", "office", "--password", PASSWORD)
    run_command(env, "users", "create", "ketoan", "--role", "office", "--password", PASSWORD)
    try:
        with (
            served(env, tmp_path / "first") as first,
            served(env, tmp_path / "second") as second,
        ):
            yield first, second
    finally:
        drop_database(database)


def form_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)[1]


def log_in(server, username: str, password: str) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    answer = session.post(
        f"{server.url}/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": form_token(session, f"{server.url}/login"),
        },
        allow_redirects=False,
        timeout=10,
    )
    return session, answer


def test_failures_on_either_process_throttle_the_account_on_both(two_servers):
    first, second = two_servers
    for attempt in range(MAX_FAILURES):
        server = (first, second)[attempt % 2]
        _session, answer = log_in(server, "vanphong", WRONG)
        assert (
            answer.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in answer.text
        )

    for server in (first, second):
        _session, answer = log_in(server, "vanphong", PASSWORD)
        assert answer.status_code == 401, server.url
        assert "Đăng nhập sai quá nhiều lần." in answer.text
    _session, other = log_in(second, "ketoan", WRONG)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in other.text  # not locked out


def test_a_session_ended_on_one_process_is_refused_by_the_other(two_servers):
    first, second = two_servers
    session, answer = log_in(first, "ketoan", PASSWORD)
    assert answer.status_code == 302
    assert (
        session.get(f"{second.url}/account", allow_redirects=False, timeout=10).status_code == 200
    )
    cookie = session.cookies.get("session")

    ended = session.post(
        f"{first.url}/logout",
        data={"csrf_token": form_token(session, f"{first.url}/account")},
        allow_redirects=False,
        timeout=10,
    )

    assert ended.status_code == 302
    replay = requests.get(
        f"{second.url}/account", cookies={"session": cookie}, allow_redirects=False, timeout=10
    )
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/login")
