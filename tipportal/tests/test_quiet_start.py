"""`make run` on a bare machine (tasks inline, no worker) loads the demo data without an error in
its output, and every notification the demo publications create goes out."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
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


def test_the_embedded_default_sets_up_without_a_traceback_or_a_line_per_task(tmp_path):
    """What a newcomer's `make run` prints before the server starts: migrate and seed_demo in a
    fresh process on SQLite with tasks inline (no DATABASE_URL, no REDIS_URL)."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    environment |= {"DEBUG": "on", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                    "MEDIA_ROOT": str(tmp_path / "uploads")}  # fmt: skip
    output = ""
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        finished = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert finished.returncode == 0, finished.stderr
        output += finished.stdout + finished.stderr
    assert "Traceback" not in output
    assert "celery.app.trace" not in output
    assert "Demo data ready" in output
