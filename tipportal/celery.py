import os
import warnings

from celery import Celery
from celery.exceptions import CPendingDeprecationWarning
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipportal.settings")

app = Celery("tipportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _quiet_cancel_warning(**_kwargs: object) -> None:
    """At every lost broker connection Celery warns that it will cancel running tasks by default
    in 6.0. TipPortal chose to let them finish (CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS
    in settings.py), so the warning only clutters each outage's log. (Connected once the worker is
    up: Celery's logging set-up turns every one of its deprecation warnings back on.)"""
    warnings.filterwarnings(
        "ignore", category=CPendingDeprecationWarning, message=r"\s*In Celery 5\.1 we introduced an optional"
    )
