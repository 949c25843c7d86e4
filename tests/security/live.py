"""The real app served by `flask run` in its own process, and a client that streams a request
body it never holds, watching for the answer while it sends."""

from __future__ import annotations

import re
import select
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.processes import FLASK, PROJECT_ROOT, flask_environment, free_port, stop

PIECE = 64 * 1024
ANSWER_WAIT = 30


@dataclass
class Server:
    url: str
    port: int
    pid: int
    log: Path
    token: str = ""  # an office user's API token

    def status(self, field: str) -> int:
        """Return a memory figure of the server process (VmRSS, VmHWM), in bytes."""
        text = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)[1]) * 1024

    def reset_peak(self) -> None:
        """Make the server's recorded peak memory (VmHWM) its present size."""
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")


def _wait_until_healthy(server: Server, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"flask run exited:\n{server.log.read_text()}"
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"/healthz did not answer:\n{server.log.read_text()}")


@contextmanager
def served(env: dict, folder: Path) -> Iterator[Server]:
    """Serve the app with `flask run` on a free port until the block ends."""
    port = free_port()
    log = folder / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [FLASK, "--app", "webapp", "run", "--port", str(port), "--no-reload"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = Server(f"http://127.0.0.1:{port}", port, process.pid, log)
    try:
        _wait_until_healthy(server, process)
        yield server
    finally:
        stop(process)


def server_environment(database_url: str, **settings: str) -> dict:
    env = flask_environment(database_url, "")
    env.pop("REDIS_URL")
    env.pop("FLASK_DEBUG", None)
    env.update(PYTHONUNBUFFERED="1", **settings)
    return env


@dataclass
class Answer:
    status: int
    body: str
    body_bytes_sent: int


def stream_request(
    server: Server,
    path: str,
    headers: dict[str, str],
    preamble: bytes,
    announced: int | None,
    send_body: bool = True,
) -> Answer:
    """POST `announced` bytes (the preamble, then zeros), or an endless chunked body when
    `announced` is None; stop sending as soon as the server answers and return the answer."""
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {announced}" if announced else "Transfer-Encoding: chunked")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()
    zeros = bytes(PIECE)
    received, sent = b"", 0
    pending = head
    with socket.create_connection(("127.0.0.1", server.port), timeout=ANSWER_WAIT) as sock:
        sock.setblocking(False)
        deadline = time.monotonic() + ANSWER_WAIT
        while time.monotonic() < deadline:
            if not pending and send_body and (announced is None or sent < announced):
                piece = preamble if sent == 0 and preamble else zeros
                if announced is not None:
                    piece = piece[: announced - sent]
                sent += len(piece)
                pending = piece if announced else b"%x\r\n%s\r\n" % (len(piece), piece)
            readable, writable, _ = select.select([sock], [sock] if pending else [], [], 1)
            if readable:
                data = sock.recv(PIECE)
                if not data:
                    break
                if not received:
                    # The answer has begun: send nothing more, and tell the server so.
                    pending, send_body = b"", False
                    sock.shutdown(socket.SHUT_WR)
                received += data
                continue
            if writable:
                try:
                    pending = pending[sock.send(pending) :]
                except (BrokenPipeError, ConnectionResetError):
                    pending, send_body = b"", False
    status_line, _, rest = received.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 "), f"no answer, {sent} bytes sent: {received!r}"
    return Answer(int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2].decode(), sent)
