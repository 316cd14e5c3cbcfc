"""The sweeper: ends runs whose worker stopped beating, whether anyone follows them or not.

Every web process runs :class:`Sweeper` in a daemon thread (started by
``tomato_agent.asgi``); a Redis lock lets one of them sweep per interval. Each
sweep reads the run reports that are not final (``reports_in_flight_for_worker``)
and settles each one (:func:`runs.liveness.run_settle_for_worker`): a run that
beats is left alone, one whose report was never closed is closed from its
stream, and one whose worker is gone ends with ``worker_lost`` — the same
ending a follower of the run would have given it.

Why the web processes: they are the part that is always up (nothing works
without them) and there are several; the sweep matters exactly when workers
are dead, so it cannot be a task that a worker runs (Celery beat), and a beat
process would be one more singleton to supervise. docs/operations.md has more.
"""

from __future__ import annotations

import logging
import os
import random
import threading
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import close_old_connections

from runs import reports
from runs.liveness import run_settle_for_worker
from tomato_agent.redis_client import get_redis

log = logging.getLogger(__name__)
LOCK_KEY = "sweeper:lock"


def sweep_once(*, exclusive: bool = True, limit: int = 500) -> int:
    """Settle every run that should have ended; the number ended. ``exclusive``: skip if another process
    swept within the interval."""
    redis = get_redis()
    interval = max(settings.RUN_SWEEP_SECONDS, 0.1)
    if exclusive and not redis.set(LOCK_KEY, os.getpid(), nx=True, px=int(interval * 900)):
        return 0
    # A run younger than a heartbeat's lifetime may not have had its first beat yet.
    older_than = datetime.now(UTC) - timedelta(seconds=settings.WORKER_LOST_AFTER_SECONDS)
    ended = 0
    for run in reports.reports_in_flight_for_worker(older_than=older_than, limit=limit):
        try:
            ended += run_settle_for_worker(run_id=run["_id"])
        except Exception:
            log.warning("sweeping run %s failed", run["_id"], exc_info=True)
    if ended:
        log.info("sweeper ended %d lost run(s)", ended)
    return ended


class Sweeper:
    """A daemon thread calling :func:`sweep_once` every ``interval`` seconds (jittered) until stopped."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="run-sweeper", daemon=True)

    def start(self) -> Sweeper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval * random.uniform(0.8, 1.2)):
            try:
                sweep_once()
            except Exception:  # Redis or MongoDB down: try again next time
                log.warning("sweep failed", exc_info=True)
            finally:
                close_old_connections()


_started: Sweeper | None = None
_lock = threading.Lock()


def start_in_background() -> Sweeper | None:
    """Start this process's sweeper once (``RUN_SWEEP_SECONDS`` > 0; 0 turns it off, as in tests)."""
    global _started
    if settings.RUN_SWEEP_SECONDS <= 0:
        return None
    with _lock:
        if _started is None:
            _started = Sweeper(settings.RUN_SWEEP_SECONDS).start()
    return _started
