"""`make run` on a bare machine (tasks inline, no worker) loads the demo data without an error in
its output, and every notification the demo publications create goes out."""

import logging

import pytest
from django.core.management import call_command

from notifications.models import Notification


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_logs_no_warning_and_leaves_no_notification_waiting(settings, caplog):
    settings.DEBUG = True
    with caplog.at_level(logging.WARNING):
        call_command("seed_demo")
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == []
    assert Notification.objects.count() >= 12
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.DONE}
