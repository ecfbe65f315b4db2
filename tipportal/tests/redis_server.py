"""A private redis-server on a loopback port of its own, for the tests and benchmarks that kill
Redis and bring it back (the shared Redis must never be stopped)."""

import contextlib
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

PORTS = range(7450, 7470)


def free_port(ports: range = PORTS) -> int:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1} for a private redis-server")


@contextlib.contextmanager
def publishing_to(url: str) -> Iterator[None]:
    """Make this process's Celery app publish to the broker at `url` (a worker keeps its own).

    Celery has no public call to re-point an app's connection pools, so they are dropped here by
    hand, as Celery does itself after a fork."""
    from tipportal.celery import app

    def switch(to: str) -> None:
        app.conf.broker_url = to
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    switch(url)
    try:
        yield
    finally:
        switch(previous)


class RedisServer:
    """`persistent` keeps an append-only file fsynced every second, as deploy/README.md sets up
    the broker; without it a restart comes back empty, as after a crash with no persistence."""

    def __init__(self, workdir: Path, *, persistent: bool = False, ports: range = PORTS) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed")
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.persistent = persistent
        self.port = free_port(ports)
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> "RedisServer":
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "everysec"] if self.persistent else ["--appendonly", "no"]
        )
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", *persistence,
             "--dir", str(self.workdir), "--logfile", str(self.workdir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._answers():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}: see {self.workdir / 'redis.log'}")

    def kill(self) -> None:
        """Stop it the hard way (SIGKILL): no chance to save anything or say goodbye."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False
