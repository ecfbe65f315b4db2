"""The fan-out's rules, with tasks run inline (the worker tests cover the real processes)."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases.models import Case
from cases.services import mark_case_solved, post_case_update, publish_case
from cases.tests.factories import AreaFactory, CaseFactory, CategoryFactory
from community.services import save_post
from notifications import fanout, services, tasks
from notifications.models import Delivery, Notification

from .factories import AlertFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def make_notification(**fields) -> Notification:
    defaults = {
        "kind": Notification.Kind.POST,
        "event_key": f"test:{Notification.objects.count()}",
        "subject": "Safety tip",
        "headline": "Lock your car",
        "body": "Lock it.",
        "url": "http://testserver/",
    }
    return Notification.objects.create(**{**defaults, **fields})


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_published_case_reaches_subscribers_of_its_area_and_category(analyst, django_capture_on_commit_callbacks):
    riverside, hilltop = AreaFactory(name="Riverside"), AreaFactory(name="Hilltop")
    other = CategoryFactory(name="Burglary", slug="burglary")
    everything = SubscriptionFactory(new_cases=True, urgent_alerts=False)
    river = SubscriptionFactory(new_cases=True)
    river.areas.set([riverside])
    hill = SubscriptionFactory(new_cases=True)
    hill.areas.set([hilltop])
    river_other = SubscriptionFactory(new_cases=True)
    river_other.areas.set([riverside])
    river_other.categories.set([other])
    SubscriptionFactory(new_cases=True, confirmed_at=None)
    SubscriptionFactory(new_cases=False)
    case = CaseFactory(area=riverside, is_published=False, published_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        publish_case(case, actor=analyst)

    assert _recipients() == sorted([everything.email, river.email])
    message = mail.outbox[0]
    assert case.title in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/unsubscribe/" in message.body and "/alerts/manage/" in message.body


def test_solving_a_case_tells_its_followers(officer, django_capture_on_commit_callbacks):
    case = CaseFactory()
    follower = SubscriptionFactory(urgent_alerts=False)
    follower.followed_cases.set([case])
    SubscriptionFactory(new_cases=True)

    with django_capture_on_commit_callbacks(execute=True):
        mark_case_solved(case, actor=officer, note="Thanks to your tips, an arrest was made.")

    assert _recipients() == [follower.email]
    assert "Thanks to your tips" in mail.outbox[0].body
    assert Case.objects.get(pk=case.pk).status == Case.Status.SOLVED


def test_a_case_update_tells_its_followers(officer, django_capture_on_commit_callbacks):
    case = CaseFactory()
    follower = SubscriptionFactory(urgent_alerts=False)
    follower.followed_cases.set([case])
    with django_capture_on_commit_callbacks(execute=True):
        post_case_update(case, actor=officer, body="We have new footage.")
    assert _recipients() == [follower.email]


def test_an_area_alert_reaches_area_subscribers_and_urgent_subscribers(analyst, django_capture_on_commit_callbacks):
    riverside, hilltop = AreaFactory(), AreaFactory()
    urgent = SubscriptionFactory(urgent_alerts=True)
    river = SubscriptionFactory(urgent_alerts=False, area_alerts=True)
    river.areas.set([riverside])
    hill = SubscriptionFactory(urgent_alerts=False, area_alerts=True)
    hill.areas.set([hilltop])
    alert = AlertFactory.build(is_published=True)

    with django_capture_on_commit_callbacks(execute=True):
        save_post(alert, actor=analyst, areas=[riverside])

    assert _recipients() == sorted([urgent.email, river.email])
    notification = Notification.objects.get(post=alert)
    assert notification.urgent


def test_an_advisory_does_not_go_to_urgent_only_subscribers(analyst, django_capture_on_commit_callbacks):
    SubscriptionFactory(urgent_alerts=True)
    citywide = SubscriptionFactory(urgent_alerts=False, area_alerts=True)
    with django_capture_on_commit_callbacks(execute=True):
        save_post(AlertFactory.build(is_published=True, severity="advisory"), actor=analyst)
    assert _recipients() == [citywide.email]


def test_an_event_notifies_once_however_often_it_is_triggered(analyst, django_capture_on_commit_callbacks):
    SubscriptionFactory(new_cases=True)
    case = CaseFactory(is_published=False, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        publish_case(case, actor=analyst)
        services.notify_case_published(case)
    assert Notification.objects.filter(case=case).count() == 1
    assert len(mail.outbox) == 1


def test_a_repeated_or_duplicated_chunk_sends_nothing_twice():
    subscribers = SubscriptionFactory.create_batch(3)
    notification = make_notification(kind=Notification.Kind.POST)
    for subscriber in subscribers:
        subscriber.community_posts = True
        subscriber.save()
    fanout.start_fanout(notification.pk, tasks.send_chunk)
    ids = list(Delivery.objects.filter(notification=notification).values_list("pk", flat=True))
    assert len(mail.outbox) == 3
    assert fanout.send_chunk(notification.pk, "email", ids) == 0
    assert fanout.start_fanout(notification.pk, tasks.send_chunk) == 0
    assert len(mail.outbox) == 3
    notification.refresh_from_db()
    assert notification.status == Notification.Status.DONE


def test_a_recipient_who_unsubscribes_mid_fanout_is_skipped(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    stays, leaves = SubscriptionFactory.create_batch(2, community_posts=True)
    notification = make_notification()
    with pytest.MonkeyPatch.context() as patch:
        # Record the deliveries without sending, as if the chunks were still queued.
        patch.setattr(fanout, "queue_pending_chunks", lambda notification, send_chunk: 0)
        fanout.start_fanout(notification.pk, tasks.send_chunk)
    services.unsubscribe(leaves)
    ids = list(Delivery.objects.filter(notification=notification).values_list("pk", flat=True))
    fanout.send_chunk(notification.pk, "email", ids)
    assert _recipients() == [stays.email]


def test_the_sweep_starts_a_fanout_the_broker_never_received():
    subscriber = SubscriptionFactory(community_posts=True)
    notification = make_notification()
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert tasks.requeue_stalled_fanouts() == 1
    assert _recipients() == [subscriber.email]


def test_the_sweep_releases_rows_a_dead_worker_had_claimed(settings):
    subscriber = SubscriptionFactory(community_posts=True)
    notification = make_notification(status=Notification.Status.SENDING)
    Delivery.objects.create(
        notification=notification, recipient=subscriber, status=Delivery.Status.SENDING, attempts=1,
        claimed_at=timezone.now() - timedelta(seconds=settings.NOTIFY_STALL_SECONDS + 5),
    )  # fmt: skip
    tasks.requeue_stalled_fanouts()
    assert _recipients() == [subscriber.email]
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_a_recent_claim_is_left_to_its_worker():
    subscriber = SubscriptionFactory(community_posts=True)
    notification = make_notification(status=Notification.Status.SENDING)
    Delivery.objects.create(
        notification=notification, recipient=subscriber, status=Delivery.Status.SENDING, claimed_at=timezone.now()
    )
    tasks.requeue_stalled_fanouts()
    assert mail.outbox == []


def test_a_chunk_that_keeps_failing_gives_up_after_the_last_attempt(settings):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    subscriber = SubscriptionFactory(community_posts=True)
    notification = make_notification(status=Notification.Status.SENDING)
    delivery = Delivery.objects.create(notification=notification, recipient=subscriber)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 8419  # nothing listens there
    with pytest.raises(fanout.DeliveryInterrupted):
        fanout.send_chunk(notification.pk, "email", [delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.error


def test_a_case_scheduled_for_later_is_not_announced_before_it_is_public(analyst):
    SubscriptionFactory(new_cases=True)
    case = CaseFactory(published_at=timezone.now() + timedelta(hours=3))
    notification = services.notify_case_published(case)
    with pytest.raises(fanout.NotPublicYet):
        fanout.start_fanout(notification.pk, tasks.send_chunk)
    assert mail.outbox == []


def test_a_case_unpublished_before_its_fanout_is_announced_to_nobody(analyst):
    SubscriptionFactory(new_cases=True)
    case = CaseFactory()
    notification = services.notify_case_published(case)
    Case.objects.filter(pk=case.pk).update(is_published=False)
    fanout.start_fanout(notification.pk, tasks.send_chunk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.DONE
    assert mail.outbox == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_keeps_a_slow_chunks_claim_fresh_so_the_sweep_leaves_it_alone(settings, monkeypatch):
    settings.NOTIFY_URGENT_STALL_SECONDS = 0.3  # a renewal every 0.1 s
    subscribers = SubscriptionFactory.create_batch(3, community_posts=True)
    notification = make_notification(status=Notification.Status.SENDING)
    for subscriber in subscribers:
        Delivery.objects.create(notification=notification, recipient=subscriber)
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    claim_ages = []
    mark = fanout._mark

    def slow_mark(delivery_id: int, status: str, **fields) -> None:
        time.sleep(0.5)  # each message takes longer than the whole lease
        claim_ages.append(timezone.now() - Delivery.objects.get(pk=ids[-1]).claimed_at)
        mark(delivery_id, status, **fields)

    monkeypatch.setattr(fanout, "_mark", slow_mark)
    fanout.send_chunk(notification.pk, "email", ids)

    assert len(claim_ages) == 3
    assert max(claim_ages) < timedelta(seconds=0.3)
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


def test_the_urgent_sweep_hands_on_an_urgent_alerts_rows_after_the_short_lease(settings):
    subscriber = SubscriptionFactory(urgent_alerts=True)
    notification = make_notification(status=Notification.Status.SENDING, urgent=True)
    lapsed = timezone.now() - timedelta(seconds=settings.NOTIFY_URGENT_STALL_SECONDS + 5)
    Delivery.objects.create(
        notification=notification, recipient=subscriber, status=Delivery.Status.SENDING, attempts=1, claimed_at=lapsed
    )
    assert tasks.requeue_stalled_urgent_fanouts() == 1
    assert _recipients() == [subscriber.email]


def test_the_urgent_sweep_leaves_other_notifications_to_the_longer_lease(settings):
    subscriber = SubscriptionFactory(community_posts=True)
    notification = make_notification(status=Notification.Status.SENDING)
    lapsed = timezone.now() - timedelta(seconds=settings.NOTIFY_URGENT_STALL_SECONDS + 5)
    Delivery.objects.create(
        notification=notification, recipient=subscriber, status=Delivery.Status.SENDING, attempts=1, claimed_at=lapsed
    )
    assert tasks.requeue_stalled_urgent_fanouts() == 0
    assert Delivery.objects.get().status == Delivery.Status.SENDING
    assert mail.outbox == []
