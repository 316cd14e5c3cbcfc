"""Group commit: callers of one process that write at the same time share one round trip.

Each caller submits its work and waits for its own result, so what one caller
writes stays in its order; callers that arrive while a write is in flight are
written together in the next one. The writer is whichever caller arrives
first (no writer thread that could be starved); it writes at most
``MAX_ROUNDS`` times, then hands the job to the owner of the oldest waiting
batch. Used for the worker's stream writes (:mod:`runs.worker.sink`) and the
web's MongoDB inserts at admission (:mod:`runs.web.records`). Works with
threads and with gevent's patched threads alike.
"""

from __future__ import annotations

import threading
from typing import Any


class Batch:
    """One caller's work; ``result`` or ``error`` is set by :meth:`GroupCommit._write`.

    ``done`` is made only for a caller that waits: one that leads writes its own
    batch and waits for nothing (making gevent's lock-based Event for every
    write, and its locks, were a few per cent of the worker's CPU per streamed
    token; docs/benchmarks.md).
    """

    __slots__ = ("done", "error", "lead", "payload", "result")

    def __init__(self, payload: Any) -> None:
        self.payload = payload
        self.result: Any = None
        self.error: BaseException | None = None
        self.lead = False
        self.done: threading.Event | None = None


class GroupCommit:
    MAX_ROUNDS = 4

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[Batch] = []
        self._writing = False

    def submit(self, payload: Any) -> Any:
        """Write ``payload`` together with whatever else is waiting; returns its result."""
        batch = Batch(payload)
        with self._lock:
            self._pending.append(batch)
            lead = not self._writing
            self._writing = True
            if not lead:
                batch.done = threading.Event()
        if lead:
            self._lead()
        else:
            try:
                batch.done.wait()
            except BaseException:
                # Interrupted (a time limit): withdraw the batch unless it was handed the job.
                with self._lock:
                    if batch in self._pending and not batch.lead:
                        self._pending.remove(batch)
                if batch.lead:
                    self._lead()
                raise
            if batch.lead:  # handed the job: write what is waiting, ours included
                self._lead()
        if batch.error is not None:
            raise batch.error
        return batch.result

    def _lead(self) -> None:
        """Write until nothing waits, or hand the job over after MAX_ROUNDS (or on an
        interruption) to the oldest waiting batch: a waiter is never stranded."""
        released = False
        try:
            for _ in range(self.MAX_ROUNDS):
                with self._lock:
                    work, self._pending = self._pending, []
                    if not work:
                        self._writing = False  # released: the next caller leads
                        released = True
                        return
                try:
                    self._write(work)
                except BaseException as exc:  # every caller sees the failure of its own write
                    failure = exc if isinstance(exc, Exception) else RuntimeError("group write interrupted")
                    for batch in work:
                        batch.error = failure
                    if not isinstance(exc, Exception):
                        raise
                finally:
                    for batch in work:
                        if batch.done is not None:
                            batch.done.set()
        finally:
            if not released:
                with self._lock:
                    successor = self._pending[0] if self._pending else None
                    if successor is None:
                        self._writing = False
                    else:
                        successor.lead = True
                if successor is not None:
                    successor.done.set()

    def _write(self, work: list[Batch]) -> None:  # pragma: no cover - defined by the subclasses
        """Write every batch's payload in one round trip (or a few); set each ``result`` or ``error``."""
        raise NotImplementedError
