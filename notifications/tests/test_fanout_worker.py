"""End to end: a real Celery worker, through the real Redis, sending to a real SMTP server."""

import contextlib
import os
import signal
import time

import pytest

from cases.services import publish_case
from cases.tests.factories import CaseFactory
from community.services import save_post
from notifications import tasks
from notifications.models import Delivery, Notification
from tipportal.tests.smtp_sink import SmtpSink

from .factories import AlertFactory, SubscriptionFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

CLOSED_PORT_BROKER = "redis://127.0.0.1:8419/5"


@pytest.fixture
def sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def celery_worker_env(sink):
    # Small chunks, so a seven-recipient fan-out spans several tasks and connections.
    return {"EMAIL_URL": sink.url, "NOTIFY_CHUNK_SIZE": "3"}


def _publish(analyst):
    alert = AlertFactory()
    alert.is_published = True
    return save_post(alert, actor=analyst)


def _wait_until(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_an_urgent_alert_reaches_every_confirmed_subscriber_once(sink, celery_worker, analyst):
    subscribers = SubscriptionFactory.create_batch(7)
    SubscriptionFactory(email="not-yet@example.net", confirmed_at=None)
    alert = _publish(analyst)

    messages = sink.wait_for(7)
    sink.settle()

    assert sink.recipients() == {s.email: 1 for s in subscribers}
    message = sink.messages[0]
    assert message["List-Unsubscribe"].strip().startswith("<http://testserver/alerts/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alert.title in message["Subject"]
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    notification = Notification.objects.get(post=alert)
    assert _wait_until(lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.DONE)
    assert Delivery.objects.filter(notification=notification, status=Delivery.Status.SENT).count() == 7
    assert len(messages) == 7


def test_a_chunk_that_fails_half_way_is_retried_without_duplicates(sink, celery_worker, analyst):
    subscribers = SubscriptionFactory.create_batch(7)
    # The fifth message gets a temporary error: its chunk stops part-way and the task retries.
    sink.handler.fail_once_after = 4
    alert = _publish(analyst)

    sink.wait_for(7, timeout=45)
    sink.settle(2)

    assert sink.recipients() == {s.email: 1 for s in subscribers}
    deliveries = Delivery.objects.filter(notification__post=alert)
    assert deliveries.filter(status=Delivery.Status.SENT).count() == 7
    assert deliveries.filter(attempts=2).exists()


def test_a_worker_killed_mid_chunk_loses_and_duplicates_nothing(sink, start_celery_worker, analyst):
    subscribers = SubscriptionFactory.create_batch(7)
    worker = start_celery_worker(NOTIFY_CHUNK_SIZE="10")
    # Hold the worker at the fourth message's MAIL FROM, then kill it there.
    sink.handler.stall_after = 3
    alert = _publish(analyst)
    assert sink.handler.stalled.wait(30)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    sink.handler.release.set()
    deliveries = Delivery.objects.filter(notification__post=alert)
    assert deliveries.filter(status=Delivery.Status.SENT).count() == 3
    assert deliveries.filter(status=Delivery.Status.SENDING).count() == 4

    start_celery_worker()
    # The beat sweep, with the claim lease already over: the dead worker's rows are sent again.
    assert tasks.requeue_stalled_fanouts(stall_seconds=0) == 1

    sink.wait_for(7)
    sink.settle()
    assert sink.recipients() == {s.email: 1 for s in subscribers}
    assert deliveries.filter(status=Delivery.Status.SENT).count() == 7


@contextlib.contextmanager
def broker_unreachable():
    """Point this process's Celery at a closed port (the worker keeps the real Redis)."""
    from tipportal.celery import app

    real = app.conf.broker_url

    def switch(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    switch(CLOSED_PORT_BROKER)
    try:
        yield
    finally:
        switch(real)


def test_a_case_published_while_the_broker_is_down_is_emailed_once_it_is_back(sink, start_celery_worker, analyst):
    case = CaseFactory(is_published=False, published_at=None)
    subscribers = SubscriptionFactory.create_batch(5, urgent_alerts=False, new_cases=True)

    with broker_unreachable():
        publish_case(case, actor=analyst)

    notification = Notification.objects.get(case=case, kind=Notification.Kind.NEW_CASE)
    assert notification.status == Notification.Status.NEW
    start_celery_worker()
    time.sleep(1)
    assert sink.messages == []

    assert tasks.requeue_stalled_fanouts(stall_seconds=0) == 1

    sink.wait_for(5)
    sink.settle()
    assert sink.recipients() == {s.email: 1 for s in subscribers}
    assert case.title in sink.messages[0]["Subject"]
