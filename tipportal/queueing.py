"""Queue Celery tasks only after the surrounding transaction commits.

If the broker is unreachable the caller's work still stands (it is committed); the send is
logged, and each app's periodic sweep finds the work whose task never ran and queues it again.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def send_task_now(task: Task, *args: Any, **options: Any) -> bool:
    try:
        task.apply_async(args=args, **options)
    except Exception as error:  # kombu/redis raise a range of connection errors
        # One line, no traceback: during an outage every request that queues something says it.
        logger.warning("could not queue %s (%s: %s); its sweep will retry", task.name, type(error).__name__, error)
        return False
    return True


def enqueue_on_commit(task: Task, *args: Any, **options: Any) -> None:
    transaction.on_commit(lambda: send_task_now(task, *args, **options))
