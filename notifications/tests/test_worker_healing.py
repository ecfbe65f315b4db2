"""Workers that heal: a private Redis killed and brought back under a real, supervised worker with
beat beside it, and a worker killed with SIGKILL in the middle of an urgent alert."""

import os
import signal
import time
from pathlib import Path

import pytest

from community.services import save_post
from notifications.models import Delivery, Notification
from tipportal.tests.redis_server import RedisServer, publishing_to
from tipportal.tests.smtp_sink import SmtpSink

from .factories import AlertFactory, SubscriptionFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.redis_server,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def broker(tmp_path):
    """A Redis of this test's own, persistent as deploy/README.md sets up the broker."""
    server = RedisServer(tmp_path / "redis", persistent=True).start()
    with publishing_to(server.url(0)):
        yield server
    server.stop()


@pytest.fixture
def celery_worker_env(sink, broker):
    return {
        "EMAIL_URL": sink.url,
        "NOTIFY_CHUNK_SIZE": "10",
        "REDIS_URL": broker.url(0),
        "CACHE_URL": broker.url(1),
    }


def _publish(analyst):
    alert = AlertFactory()
    alert.is_published = True
    return save_post(alert, actor=analyst)


def _celery_child(supervisor_pid: int) -> int | None:
    """The worker process the supervisor runs now (None between a death and the restart)."""
    children = Path(f"/proc/{supervisor_pid}/task/{supervisor_pid}/children").read_text().split()
    return int(children[0]) if children else None


def test_a_worker_survives_a_broker_outage_and_finishes_all_queued_work(sink, broker, start_celery_worker, analyst):
    subscribers = SubscriptionFactory.create_batch(25)
    supervisor = start_celery_worker(supervised=True, beat=True)
    # The worker is held at the fourth message when the broker dies: a task is in flight.
    sink.handler.stall_after = 3
    before = _publish(analyst)
    assert sink.handler.stalled.wait(30)
    broker.kill()
    sink.handler.release.set()
    # Published while the broker is down: saved, but its fan-out could not be queued.
    during = _publish(analyst)
    assert Notification.objects.get(post=during).status == Notification.Status.NEW
    time.sleep(20)
    broker.start()

    sink.wait_for(50, timeout=120)
    sink.settle(2)

    assert sink.recipients() == {s.email: 2 for s in subscribers}
    for alert in (before, during):
        deliveries = Delivery.objects.filter(notification__post=alert)
        assert deliveries.filter(status=Delivery.Status.SENT).count() == 25
    # The worker came through the outage, or its supervisor started it again.
    assert supervisor.poll() is None
    assert _celery_child(supervisor.pid) is not None


def test_an_urgent_alert_a_killed_worker_left_half_sent_is_finished_within_a_minute(
    sink, broker, start_celery_worker, analyst
):
    subscribers = SubscriptionFactory.create_batch(7)
    supervisor = start_celery_worker(supervised=True, beat=True)
    # Hold the worker at the fourth message's MAIL FROM, then kill it there.
    sink.handler.stall_after = 3
    alert = _publish(analyst)
    assert sink.handler.stalled.wait(30)
    worker_pid = _celery_child(supervisor.pid)
    assert worker_pid is not None
    os.kill(worker_pid, signal.SIGKILL)
    killed = time.monotonic()
    sink.handler.release.set()
    deliveries = Delivery.objects.filter(notification__post=alert)
    assert deliveries.filter(status=Delivery.Status.SENDING).count() == 4

    # Nobody runs a sweep by hand: the supervisor restarts the worker and beat's urgent sweep
    # hands the dead worker's rows on once their lease lapses.
    sink.wait_for(7, timeout=60)
    assert time.monotonic() - killed < 60
    sink.settle(2)
    assert sink.recipients() == {s.email: 1 for s in subscribers}
    assert deliveries.filter(status=Delivery.Status.SENT).count() == 7
    assert _celery_child(supervisor.pid) not in (None, worker_pid)


def test_a_slow_mail_server_never_makes_a_live_worker_lose_its_claim(sink, broker, start_celery_worker, analyst):
    subscribers = SubscriptionFactory.create_batch(5)
    start_celery_worker(beat=True, NOTIFY_URGENT_STALL_SECONDS="15", NOTIFY_STALL_SECONDS="60", EMAIL_TIMEOUT="90")
    # Held at the second message for longer than two urgent leases, with the sweep running.
    sink.handler.stall_after = 1
    alert = _publish(analyst)
    assert sink.handler.stalled.wait(30)
    time.sleep(35)
    deliveries = Delivery.objects.filter(notification__post=alert)
    assert deliveries.filter(status=Delivery.Status.SENDING).count() == 4
    sink.handler.release.set()

    sink.wait_for(5)
    sink.settle(3)
    assert sink.recipients() == {s.email: 1 for s in subscribers}
