"""Outages: the broker killed under load, and a worker killed in the middle of an urgent alert.

Runs the production shape on one machine: gunicorn, a Celery worker kept running by
tipportal/supervise.py (as systemd's Restart=always does in production), a separate beat, a
private persistent Redis (an append-only file fsynced every second, as docs/running.md advises)
on a port of its own, and an SMTP sink in its own process that records every message it accepts.

1. Tips are submitted through gunicorn by BENCH_CLIENTS clients while Redis is killed (SIGKILL)
   and kept down for BENCH_OUTAGE_SECONDS (20); an alert for the community is published during
   the outage too. Reports the tips accepted during the outage and any 5xx (target: all, none),
   then the time from Redis's return until every officer email and every alert email is out
   (target: under 60 s), and whether the worker lived through it.
2. An urgent alert to BENCH_SUBSCRIBERS (2,000) subscribers; once a part is out, the worker
   (every process of it) is killed with SIGKILL. Reports the time from the kill until every
   subscriber has it (target: under 90 s), with duplicates and missing ones (target: none).

Needs DATABASE_URL (PostgreSQL; the benchmark uses its own database, "<name>_outage_bench") and
redis-server. The shared Redis is never touched.
"""

import multiprocessing
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import urllib3
from benchdb import csrf_cookie, dedicated_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "8202"))
BASE = f"http://127.0.0.1:{PORT}"
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8417"))
REDIS_PORTS = range(6391, 6400)
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
OUTAGE_SECONDS = float(os.environ.get("BENCH_OUTAGE_SECONDS", "20"))
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "2000"))
COMMUNITY = 200
OFFICER_PASSWORD = "bench-only-password-0123"  # noqa: S105 - a throwaway account in the bench's own database
TIP_TEXT = "Outage benchmark: a white van with a broken tail light parks behind the school every night. " * 3


def _sink(port: int, record: str, count, ready) -> None:
    """Accept every message and write "subject<TAB>recipient" for each to `record`."""
    import asyncio
    import email
    import email.policy

    from aiosmtpd.controller import Controller

    out = open(record, "a", buffering=1)  # noqa: SIM115 - open for the life of the process

    class Recording:
        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            for recipient in envelope.rcpt_tos:
                out.write(f"{message['Subject'] or ''}\t{recipient}\t{message['Message-ID'] or ''}\n")
            with count.get_lock():
                count.value += len(envelope.rcpt_tos)
            return "250 Message accepted"

    controller = Controller(Recording(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.sleep(10**6))
    finally:
        controller.stop()


def _lines(record: Path) -> list[tuple[str, str, str]]:
    """(subject, recipient, Message-ID) of every message the sink got."""
    lines = record.read_text().splitlines() if record.exists() else []
    return [tuple(line.split("\t", 2)) for line in lines]  # type: ignore[misc]


def _received(record: Path) -> Counter:
    """(subject, recipient) -> how many times the sink got it."""
    return Counter((subject, to) for subject, to, _message_id in _lines(record))


def _wait(condition, timeout: float, what: str) -> float:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)
    return time.monotonic()


def _descendants(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(child) for child in children] + [
        grandchild for child in children for grandchild in _descendants(int(child))
    ]


class TipClient:
    """One browser: keeps its CSRF cookie, which the server rotates after every tip."""

    def __init__(self, pool: urllib3.PoolManager) -> None:
        self.pool = pool
        self.token = csrf_cookie(pool.request("GET", f"{BASE}/tips/"))

    def send(self) -> int:
        response = self.pool.request(
            "POST",
            f"{BASE}/tips/",
            fields={"body": TIP_TEXT, "csrfmiddlewaretoken": self.token},
            headers={"Cookie": f"csrftoken={self.token}"},
        )
        if response.status == 200 and b"tip-secret" in response.data:
            self.token = csrf_cookie(response)
        return response.status


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("bench/outage.py needs DATABASE_URL (PostgreSQL); skipped.")
        return 0
    if shutil.which("redis-server") is None:
        print("bench/outage.py needs redis-server (apt-get install redis-server); skipped.")
        return 0
    from cryptography.fernet import Fernet

    from tipportal.tests.redis_server import RedisServer

    workdir = Path(tempfile.mkdtemp(prefix="outage-bench-"))
    redis = RedisServer(workdir / "redis", persistent=True, ports=REDIS_PORTS).start()
    database_url, _ = dedicated_database(os.environ["DATABASE_URL"], "outage_bench", fresh=True)
    os.environ.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis.url(0),
        CACHE_URL=redis.url(1),
        EMAIL_URL=f"smtp://127.0.0.1:{SMTP_PORT}",
        DEBUG="off",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop"),
        TIP_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="off",
        SESSION_COOKIE_SECURE="off",
        CSRF_COOKIE_SECURE="off",
        STATIC_MANIFEST_OPTIONAL="on",
        MEDIA_ROOT=str(workdir / "media"),
        TIP_SUBMISSIONS_PER_HOUR="100000000",
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_WORKERS=os.environ.get("GUNICORN_WORKERS", "2"),
        GUNICORN_LOGLEVEL="warning",
        LOG_LEVEL="ERROR",
        CONN_MAX_AGE="0",
        DJANGO_SETTINGS_MODULE="tipportal.settings",
    )
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from notifications.models import Subscription
    from tipportal.celery import app

    get_user_model().objects.create_superuser(
        username="officer", email="officer@example.gov", password=OFFICER_PASSWORD
    )
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(email=f"resident{n}@example.net", confirmed_at=now, urgent_alerts=True, area_alerts=False)
            for n in range(SUBSCRIBERS)
        ]
        + [
            Subscription(email=f"reader{n}@example.net", confirmed_at=now, urgent_alerts=False, area_alerts=True)
            for n in range(COMMUNITY)
        ],
        batch_size=2000,
    )

    record = workdir / "sink.txt"
    count = multiprocessing.Value("q", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=_sink, args=(SMTP_PORT, str(record), count, ready), daemon=True)
    sink.start()
    ready.wait(10)

    logs = {name: (ROOT / "bench" / f".outage-{name}.log").open("w") for name in ("gunicorn", "worker", "beat")}
    gunicorn = subprocess.Popen(
        [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipportal.wsgi"],
        cwd=ROOT, stdout=logs["gunicorn"], stderr=subprocess.STDOUT,
    )  # fmt: skip
    supervisor = subprocess.Popen(
        [python, "-m", "tipportal.supervise", python, "-m", "celery", "-A", "tipportal", "worker", "--pool",
         "prefork", "--concurrency", "2", "-Q", "urgent,default", "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle"],
        cwd=ROOT, stdout=logs["worker"], stderr=subprocess.STDOUT,
    )  # fmt: skip
    beat = subprocess.Popen(
        [python, "-m", "celery", "-A", "tipportal", "beat", "--loglevel", "WARNING"],
        cwd=ROOT, stdout=logs["beat"], stderr=subprocess.STDOUT,
    )  # fmt: skip
    met = True
    try:
        _wait(lambda: bool(app.control.ping(timeout=0.5)), 90, "the worker to start")
        _wait(lambda: _answers(f"{BASE}/healthz"), 60, "gunicorn to start")
        print(
            f"gunicorn x{os.environ['GUNICORN_WORKERS']}, supervised worker (prefork x2) and beat, private Redis "
            f"on port {redis.port} (AOF); {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
        )
        met &= _outage(redis, supervisor, record)
        met &= _killed_worker(supervisor, record)
    finally:
        for process in (gunicorn, supervisor, beat):
            process.terminate()
        for process in (gunicorn, supervisor, beat):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs.values():
            log.close()
        sink.terminate()
        redis.stop()
    return 0 if met else 1


def _answers(url: str) -> bool:
    try:
        return urllib3.request("GET", url, timeout=1, retries=False).status == 200
    except urllib3.exceptions.HTTPError:
        return False


def _outage(redis, supervisor, record: Path) -> bool:
    from community.models import Post
    from community.services import save_post
    from notifications.models import Notification
    from tips.models import Tip

    pool = urllib3.PoolManager(maxsize=CLIENTS, timeout=urllib3.Timeout(total=60), retries=False)
    clients = [TipClient(pool) for _ in range(CLIENTS)]
    statuses: list[tuple[float, int, float]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def submit(client: TipClient) -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                status = client.send()
            except urllib3.exceptions.HTTPError:
                status = 0  # no answer at all
            with lock:
                statuses.append((started, status, time.monotonic() - started))

    threads = [threading.Thread(target=submit, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    time.sleep(3)
    worker_before = _descendants(supervisor.pid)[:1]
    killed = time.monotonic()
    redis.kill()
    time.sleep(1)
    alert = Post(kind=Post.Kind.ALERT, severity=Post.Severity.ADVISORY, title="Road closed on Elm Street",
                 slug="road-closed-elm", body="Closed for repairs until Friday.", is_published=True)  # fmt: skip
    save_post(alert, actor=None)
    time.sleep(max(0.0, killed + OUTAGE_SECONDS - time.monotonic()))
    redis.start()
    back = time.monotonic()
    stop.set()
    for thread in threads:
        thread.join()
    during = [(status, seconds) for started, status, seconds in statuses if killed <= started < back]
    accepted = sum(status == 200 for status, _seconds in during)
    errors = sum(status == 0 or status >= 500 for status, _seconds in during)
    latencies = sorted(seconds for _status, seconds in during) or [0.0]
    print(
        f"\n1. Redis killed for {back - killed:.0f} s while {CLIENTS} clients submit tips through gunicorn:\n"
        f"   tips during the outage: {accepted} of {len(during)} accepted, {errors} 5xx or no answer "
        f"(target: all, none), each in {statistics.median(latencies):.1f} s (p50), {latencies[-1]:.1f} s (max); "
        f"{len(statuses)} tips in all"
    )

    def all_delivered() -> bool:
        received = _received(record)
        tips_out = not Tip.objects.filter(notified_at=None).exists()
        alerts_out = not Notification.objects.exclude(status=Notification.Status.DONE).exists()
        return tips_out and alerts_out and _announced(received) >= Tip.objects.count()

    delivered = _wait(all_delivered, 600, "every officer email and alert email")
    received = _received(record)
    officer_emails = sum(n for (_subject, to), n in received.items() if to == "officer@example.gov")
    readers = {to for (subject, to) in received if "Road closed" in subject}
    worker_after = _descendants(supervisor.pid)[:1]
    print(
        f"   after Redis returned, every pending notification was out in {delivered - back:.1f} s "
        f"(target: under 60 s): {officer_emails} officer emails announced {_announced(received)} of "
        f"{Tip.objects.count()} tips (many waiting at once go out as one email listing them), the alert "
        f"published during the outage to {len(readers)} of {COMMUNITY} readers\n"
        f"   worker: {'the same process lived through it' if worker_after == worker_before else 'restarted'}"
    )
    return accepted == len(during) and errors == 0 and delivered - back < 60


def _announced(received: Counter) -> int:
    """Tips the officer's emails announced: one per tip email, N per "N new tips" digest."""
    announced = 0
    for (subject, to), n in received.items():
        if to == "officer@example.gov":
            digest = re.match(r"(\d+) new tips? while email was delayed", subject)
            announced += int(digest.group(1)) * n if digest else n
    return announced


def _killed_worker(supervisor, record: Path) -> bool:
    from community.models import Post
    from community.services import save_post
    from notifications.models import Delivery, Notification

    title = "Boil water notice for the north side"
    alert = Post(kind=Post.Kind.ALERT, severity=Post.Severity.URGENT, title=title, slug="boil-water-north",
                 body="Boil tap water for one minute before drinking it.", is_published=True)  # fmt: skip
    save_post(alert, actor=None)
    notification = Notification.objects.get(post=alert)

    def sent_so_far() -> int:
        return sum(1 for (subject, _to) in _received(record) if title in subject)

    _wait(lambda: sent_so_far() >= SUBSCRIBERS // 5, 300, "the alert to be under way")
    worker = _descendants(supervisor.pid)
    for pid in worker:
        os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    at_kill = sent_so_far()
    claimed = Delivery.objects.filter(notification=notification, status=Delivery.Status.SENDING).count()
    finished = _wait(
        lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.DONE, 600, "the alert"
    )
    received = Counter({to: n for (subject, to), n in _received(record).items() if title in subject})
    expected = set(Delivery.objects.filter(notification=notification).values_list("recipient__email", flat=True))
    duplicates = sum(n - 1 for n in received.values())
    # A copy sent again carries the first one's Message-ID: a mailbox that keeps one message per
    # Message-ID shows it once. Distinct ones beyond one per address would be real duplicates.
    distinct = {(to, message_id) for subject, to, message_id in _lines(record) if title in subject}
    distinct_duplicates = len(distinct) - len({to for to, _message_id in distinct})
    missing = len(expected - set(received))
    print(
        f"\n2. Urgent alert to {len(expected)} subscribers; the worker ({len(worker)} processes) killed with SIGKILL "
        f"after {at_kill} emails, {claimed} rows claimed by it:\n"
        f"   every subscriber had it {finished - killed:.1f} s after the kill (target: under 90 s); "
        f"duplicates {duplicates} (with a new Message-ID: {distinct_duplicates}), missing {missing} (target: none)"
    )
    return finished - killed < 90 and distinct_duplicates == 0 and missing == 0


if __name__ == "__main__":
    sys.exit(main())
