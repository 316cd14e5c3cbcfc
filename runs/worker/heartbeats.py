"""Worker liveness: one thread per worker process beats for every run it holds.

Each beat is one pipelined round trip that refreshes every live run's
heartbeat (a short TTL) and reads every run's cancel flag, so a run blocked in
a slow HTTP request or tool still learns of a cancel within a beat and can
abort it (:class:`runs.kinds.CancelToken`).

A second thread listens on ``keys.CANCEL_CHANNEL``, where every cancel
request publishes its run id: a run this process holds is cancelled the moment
the request lands (a Stop takes milliseconds, not up to a beat). The flag stays
the durable record: a message missed while the subscription reconnects is
caught by the next beat. The same thread hears ``keys.TURN_CHANNEL``, where a
run's end names the conversation lock it released, and wakes the runs of this
process waiting in that conversation's line (:meth:`Heartbeats.turn_watch`).
"""

from __future__ import annotations

import contextlib
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
        self._listener: threading.Thread | None = None
        self._turns: dict[str, set[threading.Event]] = {}  # conversation lock key -> runs waiting for it

    def add(self, run_id: str, cancel: CancelToken) -> None:
        """Keep this run's heartbeat alive (the caller has set it once already) and watch its cancel flag."""
        with self._lock:
            self._runs[run_id] = cancel
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._beat, name="run-heartbeats", daemon=True)
                self._thread.start()
            if self._listener is None or not self._listener.is_alive():
                self._listener = threading.Thread(target=self._listen, name="run-cancels", daemon=True)
                self._listener.start()

    def discard(self, run_id: str) -> None:
        with self._lock:
            self._runs.pop(run_id, None)

    def turn_watch(self, lock_key: str) -> threading.Event:
        """An event set whenever a run ends that released ``lock_key`` (a held run's turn may have come)."""
        event = threading.Event()
        with self._lock:
            self._turns.setdefault(lock_key, set()).add(event)
        return event

    def turn_unwatch(self, lock_key: str, event: threading.Event) -> None:
        with self._lock:
            waiting = self._turns.get(lock_key)
            if waiting is not None:
                waiting.discard(event)
                if not waiting:
                    del self._turns[lock_key]

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

    def _listen(self) -> None:
        from tomato_agent.redis_client import get_redis

        while True:
            pubsub = get_redis().pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(keys.CANCEL_CHANNEL, keys.TURN_CHANNEL)
                for message in pubsub.listen():
                    self._heard(_text(message["channel"]), _text(message["data"]))
            except Exception:  # Redis went away: the beat still reads the flags; listen again shortly
                with self._lock:
                    if not self._runs:
                        self._listener = None
                        return  # nothing to cancel here: the next add() listens again
                log.warning("cancel subscription lost; resubscribing", exc_info=True)
                time.sleep(settings.WORKER_HEARTBEAT_SECONDS)
            finally:
                with contextlib.suppress(Exception):
                    pubsub.close()

    def _heard(self, channel: str, name: str) -> None:
        with self._lock:
            if channel == keys.TURN_CHANNEL:
                cancel, waiting = None, list(self._turns.get(name, ()))
            else:
                cancel, waiting = self._runs.get(name), []
        if cancel is not None:
            cancel.cancel()
        for event in waiting:
            event.set()


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


heartbeats = Heartbeats()
