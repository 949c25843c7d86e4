"""A gigabyte sent to the real server (`flask run`) is refused with 413: announced by its length,
before a byte of it is read; sent chunked without a length, once the route's limit is passed.
The server's memory stays where it was."""

from __future__ import annotations

import json

import pytest

from tests.databases import create_database, drop_database
from tests.processes import run_command
from tests.security.live import Server, served, server_environment, stream_request
from webapp.errors import MESSAGES
from webapp.request_checks import FORM_MAX_BYTES

GIB = 1 << 30
MIB = 1 << 20
IMPORT_MAX_MB = 8
# What the server may take on while refusing: buffers, a thread, the answer; not the body.
MEMORY_RISE_MAX = 48 * MIB
# What the client may have sent before the answer reached it: the socket buffers.
IN_FLIGHT_MAX = 64 * MIB
BOUNDARY = "hostileboundary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
FILE_PART = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nunits\r\n'
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="ho-so.csv"\r\n'
    "Content-Type: text/csv\r\n\r\n"
).encode()
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
TOO_LARGE_JSON = {"error": MESSAGES[413], "details": []}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app served on its own database, imports limited to a few megabytes."""
    folder = tmp_path_factory.mktemp("huge")
    database_url = create_database(folder, "huge")
    env = server_environment(database_url, IMPORT_MAX_MB=str(IMPORT_MAX_MB))
    try:
        run_command(env, "db", "upgrade")
        run_command(env, "users", "create", "vanphong", "--role", "office", "--password", "x" * 12)
        token = run_command(env, "users", "token", "vanphong").strip()
        with served(env, folder) as live:
            live.token = token
            yield live
    finally:
        drop_database(database_url)


@pytest.fixture
def memory(server: Server):
    """Return how far the server's resident memory rose during the test."""
    server.reset_peak()
    before = server.status("VmRSS")
    return lambda: server.status("VmHWM") - before


def api(server: Server, **headers) -> dict:
    return {"Authorization": f"Bearer {server.token}", **headers}


def test_a_gigabyte_announced_to_the_import_api_is_refused_before_it_is_sent(server, memory):
    answer = stream_request(
        server, "/api/v1/imports", api(server, **MULTIPART), FILE_PART, GIB, send_body=False
    )
    assert (answer.status, answer.body_bytes_sent) == (413, 0)
    assert json.loads(answer.body) == TOO_LARGE_JSON
    assert memory() < MEMORY_RISE_MAX


def test_a_gigabyte_announced_and_sent_stops_at_the_answer(server, memory):
    answer = stream_request(server, "/api/v1/imports", api(server, **MULTIPART), FILE_PART, GIB)
    assert answer.status == 413
    assert json.loads(answer.body) == TOO_LARGE_JSON
    assert answer.body_bytes_sent < IN_FLIGHT_MAX
    assert memory() < MEMORY_RISE_MAX


def test_a_gigabyte_sent_chunked_to_the_import_api_is_refused_past_its_limit(server, memory):
    answer = stream_request(server, "/api/v1/imports", api(server, **MULTIPART), FILE_PART, None)
    assert answer.status == 413
    assert json.loads(answer.body) == TOO_LARGE_JSON
    limit = IMPORT_MAX_MB * MIB + FORM_MAX_BYTES
    assert limit < answer.body_bytes_sent < limit + IN_FLIGHT_MAX
    assert memory() < MEMORY_RISE_MAX


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/login", FORM),
        ("/verify", MULTIPART),
        ("/tasks/1/reports", MULTIPART),
        ("/api/v1/directives", {"Content-Type": "application/json"}),
    ],
)
def test_a_gigabyte_sent_chunked_elsewhere_is_refused_within_megabytes(
    server, memory, path, headers
):
    answer = stream_request(server, path, api(server, **headers), b"", None)
    assert answer.status == 413
    assert answer.body_bytes_sent < IN_FLIGHT_MAX
    assert memory() < MEMORY_RISE_MAX


@pytest.mark.parametrize(
    "path",
    [
        "/login",
        "/verify",
        "/admin/templates",
        "/tasks/1/reports",
        "/api/v1/tasks/1/reports",
        "/api/v1/directives/1/submit",
        "/no-such-page",
    ],
)
def test_a_gigabyte_announced_anywhere_is_refused_before_it_is_sent(server, memory, path):
    answer = stream_request(server, path, api(server, **FORM), b"", GIB, send_body=False)
    assert (answer.status, answer.body_bytes_sent) == (413, 0)
    if path.startswith("/api/"):
        assert json.loads(answer.body) == TOO_LARGE_JSON
    else:
        assert f'<p data-testid="error-message">{MESSAGES[413]}</p>' in answer.body
    assert memory() < MEMORY_RISE_MAX
