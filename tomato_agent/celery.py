"""The Celery app. Broker and result backend are REDIS_URL (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")

app = Celery("tomato_agent")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
