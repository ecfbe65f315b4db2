import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import OFFICERS
from cases.tests.factories import CaseFactory
from tips import officer_email, tasks
from tips.models import Tip

from .factories import TIP_TEXT, make_tip

pytestmark = pytest.mark.django_db


def test_officers_are_emailed_after_commit_with_the_case_and_a_link_but_no_content(
    client, officer, citizen, analyst, django_capture_on_commit_callbacks
):
    case = CaseFactory(number="2026-001234")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("tips:send"), {"body": TIP_TEXT, "case": case.slug})
    tip = Tip.objects.get()
    assert [message.to for message in mail.outbox] == [[officer.email]]
    message = mail.outbox[0]
    assert message.subject == "New tip on case 2026-001234"
    assert f"http://testserver/desk/tips/{tip.pk}/" in message.body
    assert TIP_TEXT not in message.body
    assert tip.code not in message.body
    assert tip.notified_at is not None


def test_a_general_tip_is_announced_as_such(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_tip()
    assert mail.outbox[0].subject == "New general tip"


def test_notifying_twice_sends_one_email(officer):
    tip = make_tip()
    assert officer_email.notify_officers_of_tip(tip.pk) is True
    assert officer_email.notify_officers_of_tip(tip.pk) is False
    assert len(mail.outbox) == 1


def test_a_failed_send_leaves_the_tip_to_be_notified_again(officer, settings):
    tip = make_tip()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    with pytest.raises(OSError):
        officer_email.notify_officers_of_tip(tip.pk)
    assert Tip.objects.get().notified_at is None


def test_the_sweep_notifies_tips_saved_while_the_broker_was_down(officer):
    tip = make_tip()  # its on-commit task never ran, as if Redis had been down
    Tip.objects.filter(pk=tip.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    fresh = make_tip()
    assert tasks.notify_unnotified_tips() == 1
    assert len(mail.outbox) == 1
    assert Tip.objects.get(pk=tip.pk).notified_at is not None
    assert Tip.objects.get(pk=fresh.pk).notified_at is None


def test_a_tip_claimed_by_a_worker_that_died_before_sending_is_sent_by_the_sweep_once(officer):
    tip = make_tip()
    long_ago = timezone.now() - timedelta(seconds=officer_email.NOTIFY_LEASE_SECONDS + 60)
    # A worker claimed it and was killed before its email went out.
    Tip.objects.filter(pk=tip.pk).update(created_at=long_ago, notifying_at=long_ago)
    assert tasks.notify_unnotified_tips() == 1
    assert tasks.notify_unnotified_tips() == 0
    assert officer_email.notify_officers_of_tip(tip.pk) is False
    assert [message.subject for message in mail.outbox] == ["New general tip"]
    assert Tip.objects.get(pk=tip.pk).notified_at is not None


def test_a_tip_a_worker_is_sending_right_now_is_left_to_it(officer):
    tip = make_tip()
    Tip.objects.filter(pk=tip.pk).update(
        created_at=timezone.now() - timedelta(minutes=5), notifying_at=timezone.now() - timedelta(seconds=5)
    )
    assert tasks.notify_unnotified_tips() == 0
    assert officer_email.notify_officers_of_tip(tip.pk) is False
    assert mail.outbox == []


def test_the_tip_is_marked_notified_only_once_the_email_has_gone(officer, monkeypatch):
    tip = make_tip()
    seen = []

    def send_messages(self, messages):
        seen.append(Tip.objects.get(pk=tip.pk).notified_at)
        return len(messages)

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", send_messages)
    assert officer_email.notify_officers_of_tip(tip.pk) is True
    assert seen == [None]
    assert Tip.objects.get(pk=tip.pk).notified_at is not None


def test_the_sweep_and_purge_are_scheduled(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"tips.tasks.notify_unnotified_tips", "tips.tasks.purge_expired_tips"} <= scheduled


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_new_tip_email(celery_worker, officer, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    case = CaseFactory(number="2026-004321")
    tip = make_tip(case=case)  # queued on commit (autocommit: at once) to the real worker
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Tip.objects.get(pk=tip.pk).notified_at is None:
        time.sleep(0.2)
    assert Tip.objects.get(pk=tip.pk).notified_at is not None


@pytest.fixture
def broker_down(settings):
    """Point Celery at a port where no broker listens, as if Redis were down."""
    from tipportal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    # The connection and producer pools were built for the old address; drop them.
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url = saved
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.usefixtures("broker_down")
def test_a_tip_sent_while_the_broker_is_down_is_saved_and_notified_by_the_sweep(
    client, officer, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tips:send"), {"body": TIP_TEXT})
    assert response.status_code == 200
    assert "could not queue tips.tasks.notify_officers_of_tip" in caplog.text
    tip = Tip.objects.get()
    assert tip.notified_at is None
    assert mail.outbox == []
    Tip.objects.filter(pk=tip.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    from tipportal.celery import app

    app.conf.task_always_eager = True  # the broker is back (and, here, the worker runs inline)
    assert tasks.notify_unnotified_tips() == 1
    assert [message.subject for message in mail.outbox] == ["New general tip"]


def test_each_officer_is_told_in_the_language_of_their_account(
    officer, django_user_model, django_capture_on_commit_callbacks
):
    colleague = django_user_model.objects.create_user(
        username="olga", email="olga@example.org", password="x" * 12, is_staff=True, language="es"
    )
    colleague.groups.add(Group.objects.get(name=OFFICERS))
    case = CaseFactory(number="2026-001234")
    with django_capture_on_commit_callbacks(execute=True):
        make_tip(case=case)
    messages = {message.to[0]: message for message in mail.outbox}
    assert messages[officer.email].subject == "New tip on case 2026-001234"
    assert messages["olga@example.org"].subject == "Nueva pista sobre el caso 2026-001234"
    assert "Llegó una nueva pista sobre el caso 2026-001234." in messages["olga@example.org"].body
    assert "No reenvíe este mensaje fuera del departamento." in messages["olga@example.org"].body


def _waiting(count: int, **fields) -> list[Tip]:
    """Tips whose own emails never went (saved while the broker was down), old enough for the sweep."""
    tips = [make_tip(**fields) for _ in range(count)]
    Tip.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    return tips


def test_many_waiting_tips_reach_each_officer_as_one_email_listing_the_cases(officer):
    case = CaseFactory(number="2026-004321")
    tips = _waiting(officer_email.DIGEST_AFTER, case=case) + _waiting(3)
    assert tasks.notify_unnotified_tips() == len(tips)
    assert [message.to for message in mail.outbox] == [[officer.email]]
    message = mail.outbox[0]
    assert message.subject == f"{len(tips)} new tips while email was delayed"
    assert f"2026-004321: {officer_email.DIGEST_AFTER}" in message.body
    assert "3 general tips (no case named)." in message.body
    assert "http://testserver/desk/?status=new" in message.body
    assert TIP_TEXT not in message.body
    assert not any(tip.code in message.body for tip in tips)
    assert not Tip.objects.filter(notified_at=None).exists()
    # Nothing is sent twice: not by the next sweep, nor by a tip's own task arriving late.
    assert tasks.notify_unnotified_tips() == 0
    assert officer_email.notify_officers_of_tip(tips[0].pk) is False
    assert len(mail.outbox) == 1


def test_a_few_waiting_tips_still_get_an_email_each(officer):
    _waiting(2)
    assert tasks.notify_unnotified_tips() == 2
    assert [message.subject for message in mail.outbox] == ["New general tip", "New general tip"]


def test_the_waiting_tips_email_is_in_each_officers_language(officer):
    officer.language = "es"
    officer.save(update_fields=["language"])
    _waiting(officer_email.DIGEST_AFTER + 1)
    tasks.notify_unnotified_tips()
    count = officer_email.DIGEST_AFTER + 1
    assert mail.outbox[0].subject == f"{count} pistas nuevas mientras el correo estaba retrasado"


def test_a_failed_digest_leaves_every_tip_to_be_announced_again(officer, settings):
    _waiting(officer_email.DIGEST_AFTER + 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    with pytest.raises(OSError):
        tasks.notify_unnotified_tips()
    assert Tip.objects.filter(notified_at=None, notifying_at=None).count() == officer_email.DIGEST_AFTER + 1
