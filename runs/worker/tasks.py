"""The one Celery task of the spine: execute a run of any kind.

Pool choice: gevent. A run spends its life waiting on the LLM, so one worker
process must hold hundreds of runs. Measured on this kind of machine, the
threads pool's task pickup collapsed near 100 concurrent runs (GIL contention)
while gevent held 150-200; `make run` and the deployment start the worker with
``--pool gevent``. The ORM stays out of the hot loop (run state is Redis and
MongoDB), and connections are closed after each run, so the worker does not
hold one PostgreSQL connection per concurrent run.
"""

import contextlib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from runs.worker.execute import run_execute
from runs.worker.green import install_zero_timeout_poll

# The worker runs under gevent: its pools' zero-timeout readiness checks go to the kernel directly.
install_zero_timeout_poll()

TASK_NAME = "runs.execute"


@shared_task(
    name=TASK_NAME,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=settings.RUN_SOFT_TIME_LIMIT,
    time_limit=settings.RUN_HARD_TIME_LIMIT,
)
def execute_run(run_id: str, spec: dict) -> None:
    """Execute one run. A redelivered run that already ended does nothing."""
    # run_execute stores what it has and ends the stream before a time limit escapes.
    with contextlib.suppress(SoftTimeLimitExceeded):
        run_execute(run_id=run_id, spec=spec)
