"""The Celery app. Broker and result backend are REDIS_URL (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")

app = Celery("tomato_agent")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["runs.worker"])


def warm_up() -> None:
    """Finalize the Celery app and open its broker connection now (web start-up), so the
    first run does not pay for it. Failures are left to the first real send."""
    import logging

    from django.conf import settings

    try:
        with app.producer_or_acquire() as producer:
            app.amqp.queues[settings.CELERY_TASK_DEFAULT_QUEUE](producer.channel).declare()
    except Exception as exc:
        logging.getLogger(__name__).warning("Celery warm-up skipped: %s", type(exc).__name__)
