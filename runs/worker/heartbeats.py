"""Worker liveness: one thread per worker process beats for every run it holds.

Each beat is one pipelined round trip that refreshes every live run's
heartbeat (a short TTL) and reads every run's cancel flag, so a run blocked in
a slow HTTP request or tool still learns of a cancel within a beat and can
abort it (:class:`runs.kinds.CancelToken`).
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings

from runs import keys
from runs.kinds import CancelToken

log = logging.getLogger(__name__)


class Heartbeats:
    def __init__(self) -> None:
        self._runs: dict[str, CancelToken] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def add(self, run_id: str, cancel: CancelToken) -> None:
        """Keep this run's heartbeat alive (the caller has set it once already) and watch its cancel flag."""
        with self._lock:
            self._runs[run_id] = cancel
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._beat, name="run-heartbeats", daemon=True)
                self._thread.start()

    def discard(self, run_id: str) -> None:
        with self._lock:
            self._runs.pop(run_id, None)

    @staticmethod
    def ttl_ms() -> int:
        return int(settings.WORKER_LOST_AFTER_SECONDS * 1000)

    def _beat(self) -> None:
        from tomato_agent.redis_client import get_redis

        while True:
            time.sleep(settings.WORKER_HEARTBEAT_SECONDS)
            with self._lock:
                runs = list(self._runs.items())
            if not runs:
                continue
            try:
                pipe = get_redis().pipeline(transaction=False)
                command, ttl = pipe.execute_command, self.ttl_ms()  # per run: the commands, nothing else
                for run_id, _ in runs:
                    command("SET", keys.heartbeat_key(run_id), b"running", "PX", ttl, "XX")
                    command("EXISTS", keys.cancel_key(run_id))
                replies = pipe.execute()
            except Exception:  # Redis blips must not kill the heartbeat thread
                log.warning("heartbeat write failed", exc_info=True)
                continue
            for index, (_, cancel) in enumerate(runs):
                if replies[2 * index + 1]:
                    cancel.cancel()


heartbeats = Heartbeats()
