"""End to end: the verification email leaves through a real worker and survives a mail server hiccup."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tipportal.tests.smtp_sink import SmtpSink

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
User = get_user_model()


@pytest.fixture
def sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def celery_worker_env(sink):
    return {"EMAIL_URL": sink.url}


def test_the_link_is_sent_by_the_worker_and_retried_after_a_temporary_failure(client, sink, celery_worker):
    sink.handler.fail_once_after = 0  # the first attempt gets "451 try again"
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "dana@example.org",
            "display_name": "Dana",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email="dana@example.org", is_active=False).exists()
    messages = sink.wait_for(1, timeout=30)
    sink.settle()
    assert [message["To"] for message in sink.messages] == ["dana@example.org"]
    assert "/accounts/verify/" in messages[0].get_content()
