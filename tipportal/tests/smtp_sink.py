"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the fan-out tests.

It can misbehave on purpose: answer one message with a temporary error (`fail_once_after`), or
hold a client at MAIL FROM (`stall_after`) so a test can kill the worker mid-chunk.
"""

import asyncio
import contextlib
import email
import email.policy
import socket
import threading
import time
from collections import Counter
from email.message import EmailMessage

from aiosmtpd.controller import Controller

PORTS = range(8401, 8420)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8401-8419 for the SMTP sink")


class SinkHandler:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.fail_once_after: int | None = None
        self.stall_after: int | None = None
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.stall_after is not None and len(self.messages) >= self.stall_after:
            self.stall_after = None
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_once_after is not None and len(self.messages) >= self.fail_once_after:
            self.fail_once_after = None
            return "451 4.3.0 Temporary local problem, try again"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted"


class SmtpSink:
    def __init__(self) -> None:
        self.handler = SinkHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            return list(self.handler.messages)

    def recipients(self) -> Counter:
        return Counter(message["To"] for message in self.messages)

    def wait_for(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.05)
        return self.messages

    def settle(self, seconds: float = 1.0) -> None:
        """Wait a little longer, so a duplicate on its way would arrive before we count."""
        time.sleep(seconds)

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.handler.release.set()
        with contextlib.suppress(Exception):
            self.controller.stop()
