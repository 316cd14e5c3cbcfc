"""The worker's stream writer: a run's events into its Redis Stream, group-committed.

Every run's events live in the Redis Stream ``run:{run_id}`` (``runs.keys``);
each entry has two fields, ``t`` (the event type) and ``d`` (the JSON data).
Exactly one terminal event ends a stream; a Lua script makes that atomic, so a
worker and a sweeper racing to end the same run cannot both succeed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import orjson

from runs import keys, state
from runs.events import TERMINAL, TEXT_EVENTS, TOKEN
from runs.kinds import CancelToken, ScopedSink
from tomato_agent import metrics


def _fields(type_: str, raw: bytes, scope: bytes | None) -> dict:
    """A stream entry: ``t`` type, ``d`` JSON data and, for nested work, ``s`` the JSON scope path."""
    if scope is None:
        return {"t": type_, "d": raw}
    return {"t": type_, "d": raw, "s": scope}


class _Batch:
    __slots__ = ("cancel_key", "cancelled", "done", "entries", "error", "lead")

    def __init__(self, entries: list[tuple[str, dict]], cancel_key: str) -> None:
        self.entries = entries
        self.cancel_key = cancel_key
        self.cancelled = False
        self.error: BaseException | None = None
        self.lead = False
        self.done = threading.Event()


class GroupWriter:
    """Group commit of stream writes across all the runs of one worker process.

    Each run still flushes once per network read and waits until its entries
    are written (so its events stay in order), but runs that flush while a
    write is in flight are written together in the next pipeline: hundreds of
    concurrent runs cost a few round trips per event-loop turn instead of one
    per token. The writer is whichever caller arrives first (no writer thread
    that could be starved); it writes at most ``MAX_ROUNDS`` pipelines, then
    hands the job to the owner of the oldest waiting batch.
    """

    MAX_ROUNDS = 4

    def __init__(self, redis) -> None:
        self.redis = redis
        self._lock = threading.Lock()
        self._pending: list[_Batch] = []
        self._writing = False

    def write(self, entries: list[tuple[str, dict]], cancel_key: str) -> bool:
        """Append entries (key, fields) and check the run's cancel flag; True if cancelled."""
        batch = _Batch(entries, cancel_key)
        with self._lock:
            self._pending.append(batch)
            lead = not self._writing
            self._writing = True
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
        return batch.cancelled

    def _lead(self) -> None:
        """Write pipelines until nothing waits, or hand the job over after MAX_ROUNDS (or on an
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
                self._write(work)
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

    def _write(self, work: list[_Batch]) -> None:
        try:
            pipe = self.redis.pipeline(transaction=False)
            for batch in work:
                for key, fields in batch.entries:
                    pipe.xadd(key, fields)
                pipe.exists(batch.cancel_key)
            results = pipe.execute()
        except BaseException as exc:  # every caller sees the failure of its own write
            failure = exc if isinstance(exc, Exception) else RuntimeError("stream write interrupted")
            for batch in work:
                batch.error = failure
                batch.done.set()
            if not isinstance(exc, Exception):
                raise
            return
        index = 0
        for batch in work:
            index += len(batch.entries)
            batch.cancelled = bool(results[index])
            index += 1
            batch.done.set()


_writers: dict[int, GroupWriter] = {}
_writers_lock = threading.Lock()


def group_writer(redis) -> GroupWriter:
    writer = _writers.get(id(redis))
    if writer is None or writer.redis is not redis:
        with _writers_lock:
            writer = _writers.get(id(redis))
            if writer is None or writer.redis is not redis:
                writer = _writers[id(redis)] = GroupWriter(redis)
    return writer


class RedisStreamSink:
    """Writes one run's events to its Redis Stream with as few round trips as possible.

    Text deltas are coalesced: the loop calls :meth:`flush` once per network
    read from the LLM, so whatever arrived in that read becomes one ``token``
    event, written together with the cancel-flag check — and with the writes of
    the other runs of this process (:class:`GroupWriter`) — in one pipelined
    round trip. Nothing waits on a timer, so batching adds no latency: a slow
    model gets one event per token, a fast one gets fewer, larger events.
    """

    def __init__(self, redis, run_id: str, *, ttl: int, cancel: CancelToken | None = None) -> None:
        self.redis = redis
        self.run_id = run_id
        self.ttl = ttl
        self.cancel = cancel or CancelToken()
        self._key = keys.stream_key(run_id)
        self._cancel_key = keys.cancel_key(run_id)
        self._pending: list[dict] = []  # stream entry fields, in order
        self._text_key: tuple[str, bytes | None] | None = None  # (type, scope) of the text being gathered
        self._text: list[str] = []
        self.first_event_at: float | None = None
        self._last_text_flush: float | None = None
        self._finish = state.finish_script(redis)

    @property
    def cancelled(self) -> bool:
        return self.cancel.cancelled

    def scoped(self, *scope: str) -> ScopedSink:
        """A sink whose events carry ``scope`` (nested work inside this run)."""
        return ScopedSink(self, scope)

    def _close_text(self) -> None:
        if self._text:
            type_, scope = self._text_key
            self._pending.append(_fields(type_, orjson.dumps("".join(self._text)), scope))
            self._text = []
            self._text_key = None

    def emit(self, type: str, data: Any, *, scope: Sequence[str] | None = None) -> None:
        """Buffer one event; text of the same type and scope is joined until the next flush."""
        if type in TERMINAL:
            raise ValueError("terminal events go through finish()")
        scope_raw = orjson.dumps(list(scope)) if scope else None
        if type in TEXT_EVENTS:
            key = (type, scope_raw)
            if self._text_key != key:
                self._close_text()
                self._text_key = key
            self._text.append(data)
            return
        self._close_text()
        self._pending.append(_fields(type, orjson.dumps(data), scope_raw))

    def flush(self) -> None:
        if self._text_key is not None and self._text_key[0] == TOKEN:
            now = time.monotonic()
            if self._last_text_flush is not None:
                metrics.observe_token_gap(now - self._last_text_flush)
            self._last_text_flush = now
        self._close_text()
        entries = [(self._key, fields) for fields in self._pending]
        cancelled = group_writer(self.redis).write(entries, self._cancel_key)
        if self._pending and self.first_event_at is None:
            self.first_event_at = time.monotonic()
        self._pending.clear()
        if cancelled:
            self.cancel.cancel()

    def finish(self, type: str, data: Any, *, conversation_id: str, user_id: int) -> bool:
        """Write buffered events then the terminal one; False if the run had already ended."""
        self._close_text()
        if self._pending:
            pipe = self.redis.pipeline(transaction=False)
            for fields in self._pending:
                pipe.xadd(self._key, fields)
            pipe.execute()
            self._pending.clear()
        return state.finish(
            self.redis, self.run_id, type, data, ttl=self.ttl,
            conversation_id=conversation_id, user_id=user_id, script=self._finish,
        )  # fmt: skip
