"""A real SMTP server for the tests, on a free local port, keeping every message it receives."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from tests.processes import free_port


class Mailbox:
    """What the server received: one envelope per message."""

    def __init__(self) -> None:
        self.messages: list = []
        self._lock = threading.Lock()
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            self.messages.append(envelope)
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 30) -> list:
        """Wait until at least `count` messages arrived; return them all."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.1)
        return list(self.messages)

    def subjects(self) -> list[str]:
        from email import message_from_bytes
        from email.header import decode_header, make_header

        return [
            str(make_header(decode_header(message_from_bytes(e.content)["Subject"])))
            for e in self.messages
        ]


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """Run an SMTP server on 127.0.0.1 for the duration of the block."""
    mailbox = Mailbox()
    mailbox.port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
