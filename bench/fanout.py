"""Fan-out throughput: 10,000 confirmed subscribers, one urgent alert, a real Celery worker
(prefork, 4 processes for 2 cores: each spends most of its time waiting on SMTP and the database)
sending through Redis to an aiosmtpd sink in its own process.

Prints the time until the sink holds all 10,000 messages, beside the sink's own intake measured
in the same run with a plain smtplib loop over one connection (same message size), and the
ratio (target: at least 80%).

Needs DATABASE_URL (PostgreSQL; the benchmark uses its own database, "<name>_bench") and
REDIS_URL. Optional: BENCH_RECIPIENTS, BENCH_CONCURRENCY, BENCH_ROUNDS, BENCH_SMTP_PORT.
"""

import multiprocessing
import os
import smtplib
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchdb import dedicated_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
CONCURRENCY = os.environ.get("BENCH_CONCURRENCY", "4")
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8418"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BODY = "Stay away from the 400 block of Main Street until the fire department gives the all-clear. " * 2


def _sink(port: int, count, ready) -> None:
    """The SMTP sink: accepts and counts every message (its own process, its own core time)."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            with count.get_lock():
                count.value += 1
            return "250 Message accepted"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.sleep(10**6))
    finally:
        controller.stop()


def _wait(count, target: int, timeout: float) -> float:
    start = time.perf_counter()
    while count.value < target:
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"timed out: the sink holds {count.value} of {target}")
        time.sleep(0.01)
    return time.perf_counter()


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) or not os.environ.get(
        "REDIS_URL"
    ):
        print("bench/fanout.py needs DATABASE_URL (PostgreSQL) and REDIS_URL (the worker's broker); skipped.")
        return
    os.environ.update(
        DATABASE_URL=dedicated_database(os.environ["DATABASE_URL"], "bench", fresh=False)[0],
        EMAIL_URL=f"smtp://127.0.0.1:{SMTP_PORT}",
        DEBUG="off",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop"),
        SECURE_SSL_REDIRECT="off",
        # No tips are made here; the key only satisfies the production settings' check.
        TIP_ENCRYPTION_KEYS=os.environ.get("TIP_ENCRYPTION_KEYS", "YmVuY2gtb25seS1rZXktbm90LWZvci10aXBzLTAwMDA="),
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="tipportal.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from community.models import Post
    from community.services import save_post
    from notifications.channels import EmailSender
    from notifications.models import Delivery, Notification, Subscription
    from tipportal.celery import app

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_delivery, notifications_notification, community_post_areas, "
                       "community_post, notifications_subscription_areas, notifications_subscription_categories, "
                       "notifications_subscription_followed_cases, notifications_subscription CASCADE")  # fmt: skip
    now = timezone.now()
    subscribers = [
        Subscription(email=f"resident{n}@example.net", confirmed_at=now, urgent_alerts=True) for n in range(RECIPIENTS)
    ]
    Subscription.objects.bulk_create(subscribers, batch_size=2000)
    with app.connection_for_write() as broker:
        for queue in ("urgent", "default"):
            broker.default_channel.queue_purge(queue)

    count = multiprocessing.Value("q", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=_sink, args=(SMTP_PORT, count, ready), daemon=True)
    sink.start()
    ready.wait(10)

    # The sink's own intake: one smtplib connection, messages of the size the fan-out sends.
    sample = Notification(subject="Urgent alert: Gas leak on Main Street", headline="Gas leak on Main Street",
                          body=BODY, url="http://127.0.0.1:8000/news/sample/")  # fmt: skip
    sender = EmailSender(sample, connection=None)
    raw = sender.compose(
        sender.version("en"), "resident0@example.net", {"manage_url": "x" * 110, "unsubscribe_url": "y" * 115}
    )
    raw = raw.message().as_bytes(linesep="\r\n")

    def intake() -> float:
        before = count.value
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", SMTP_PORT) as client:
            for n in range(RECIPIENTS):
                client.sendmail("noreply@tipportal.invalid", [f"resident{n}@example.net"], raw)
        return RECIPIENTS / (_wait(count, before + RECIPIENTS, 600) - started)

    def fanout(round_number: int) -> tuple[float, float]:
        before = count.value
        started = time.perf_counter()
        alert = Post(kind=Post.Kind.ALERT, severity=Post.Severity.URGENT, title="Gas leak on Main Street",
                     slug=f"gas-leak-{round_number}", body=BODY, is_published=True)  # fmt: skip
        save_post(alert, actor=None)
        first = _wait(count, before + 1, 900)
        finished = _wait(count, before + RECIPIENTS, 900)
        return RECIPIENTS / (finished - started), first - started

    log = open(ROOT / "bench" / ".fanout-worker.log", "w")  # noqa: SIM115 - closed after the worker stops
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tipportal", "worker", "--pool", "prefork", "--concurrency",
         CONCURRENCY, "-Q", "urgent,default", "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    ratios = []
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit("the worker did not start; see bench/.fanout-worker.log")
        print(f"{RECIPIENTS} confirmed subscribers, one urgent alert per round, worker x{CONCURRENCY} (prefork)")
        # The machine is shared, so its speed drifts: each round measures the sink's intake just
        # before and just after the fan-out and compares the fan-out with their mean.
        for round_number in range(1, ROUNDS + 1):
            before = intake()
            rate, first = fanout(round_number)
            after = intake()
            ratio = 100 * rate / ((before + after) / 2)
            ratios.append(ratio)
            print(f"round {round_number}: sink intake (smtplib loop, one connection) {before:6.0f} / {after:6.0f} "
                  f"msg/s; fan-out {rate:6.0f} msg/s ({RECIPIENTS / rate:.1f} s, first email after {first:.2f} s); "
                  f"ratio {ratio:4.0f} %")  # fmt: skip
        sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
        duplicates = count.value - sent - 2 * ROUNDS * RECIPIENTS
    finally:
        worker.terminate()
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
        sink.terminate()
    print(
        f"median ratio {statistics.median(ratios):.0f} % (target >= 80 %); "
        f"deliveries sent {sent}, messages the sink got beyond them {duplicates}"
    )


if __name__ == "__main__":
    main()
