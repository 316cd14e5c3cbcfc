"""Celery tasks of the agent.

Pool choice: gevent. A run spends its life waiting on the LLM, so one worker
process must hold hundreds of runs. Measured on this kind of machine, the
threads pool's task pickup collapsed near 100 concurrent runs (GIL contention)
while gevent held 150-200; `make run` and the deployment start the worker with
``--pool gevent``. The ORM stays out of the hot loop (chat state is Redis and
MongoDB), and connections are closed after each run, so the worker does not
hold one PostgreSQL connection per concurrent run.
"""

import contextlib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from agents import runs


@shared_task(
    name="agents.run_agent",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=settings.RUN_SOFT_TIME_LIMIT,
    time_limit=settings.RUN_HARD_TIME_LIMIT,
)
def run_agent(run_id: str, spec: dict) -> None:
    """Execute one chat turn. A redelivered run that already ended does nothing."""
    # run_execute stores what it has and ends the stream before a time limit escapes.
    with contextlib.suppress(SoftTimeLimitExceeded):
        runs.run_execute(run_id=run_id, spec=spec)


def warm_up() -> None:
    """Finalize the Celery app and open its broker connection now (web start-up), so the
    first chat turn does not pay for it. Failures are left to the first real send."""
    import logging

    try:
        with run_agent.app.producer_or_acquire() as producer:
            run_agent.app.amqp.queues[settings.CELERY_TASK_DEFAULT_QUEUE](producer.channel).declare()
    except Exception as exc:
        logging.getLogger(__name__).warning("Celery warm-up skipped: %s", type(exc).__name__)
