"""The worker's stream writer: a run's events into its Redis Stream, group-committed.

Every run's events live in the Redis Stream ``run:{run_id}`` (``runs.keys``);
each entry has two fields, ``t`` (the event type) and ``d`` (the JSON data).
Exactly one terminal event ends a stream; a Lua script makes that atomic, so a
worker and a sweeper racing to end the same run cannot both succeed.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

import orjson
from hiredis import pack_command
from redis.exceptions import ResponseError

from runs import keys, state
from runs.events import TERMINAL, TEXT_EVENTS, TOKEN
from runs.group_commit import Batch, GroupCommit
from runs.kinds import CancelToken, ScopedSink
from tomato_agent import metrics

log = logging.getLogger(__name__)
MAX_TEXT_WINDOW = 0.015  # the longest text may wait to be joined with what follows (issue 13)


def _fields(type_: str, raw: bytes, scope: bytes | None) -> dict:
    """A stream entry: ``t`` type, ``d`` JSON data and, for nested work, ``s`` the JSON scope path."""
    if scope is None:
        return {"t": type_, "d": raw}
    return {"t": type_, "d": raw, "s": scope}


class GroupWriter(GroupCommit):
    """Group commit of stream writes across all the runs of one worker process.

    Each run still waits until its entries are written (so its events stay in
    order), but runs that flush while a write is in flight are written
    together in the next pipeline: hundreds of concurrent runs cost a few
    round trips per event-loop turn instead of one per write. A write is only
    the ``XADD``s: the run's cancel flag is read by the heartbeat
    (:mod:`runs.worker.heartbeats`), once per run per beat, not once per write.
    """

    def __init__(self, redis) -> None:
        super().__init__()
        self.redis = redis

    def write(self, entries: list[tuple[str, dict]]) -> None:
        """Append entries (key, fields), in order, together with what the other runs write meanwhile."""
        self.submit(entries)

    def _write(self, work: list[Batch]) -> None:
        # The XADDs packed by hiredis and sent on one pooled connection, the replies read back: redis-py's
        # Pipeline (a command stack, per-command options, per-reply callbacks, its metrics) was most of the
        # write's CPU per streamed token (docs/benchmarks.md, round 3). A dropped connection is retried as
        # the Pipeline did (the connection's retry policy); an error reply is raised after every reply is read.
        packed = [
            pack_command(("XADD", key, "*", *itertools.chain.from_iterable(fields.items())))
            for batch in work
            for key, fields in batch.payload
        ]
        pool = self.redis.connection_pool
        conn = pool.get_connection()
        try:
            error = conn.retry.call_with_retry(lambda: _send(conn, packed), lambda failure: conn.disconnect())
        except BaseException:
            conn.disconnect()  # interrupted mid-reply: the connection is not reusable
            raise
        finally:
            pool.release(conn)
        if error is not None:
            raise error


def _send(conn, packed: list[bytes]) -> ResponseError | None:
    """Send the packed commands, read every reply; the first error reply, if any."""
    conn.send_packed_command([b"".join(packed)])
    error = None
    for _ in packed:
        try:
            conn.read_response()
        except ResponseError as exc:
            error = error or exc
    return error


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


class DeadlineFlusher:
    """Writes held text when its window closes, for every sink of this process, in one thread.

    A sink that holds text (see :class:`RedisStreamSink`) schedules itself
    here; at the deadline this thread writes every sink that is due in ONE
    group write, so text never waits longer than the window even when the
    model pauses right after it. Under gevent the thread is a greenlet.
    """

    RETRY = 0.001  # a sink busy at its deadline (emitting or writing) is tried again this soon

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, RedisStreamSink]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def schedule(self, sink: RedisStreamSink, due: float) -> None:
        with self._cond:
            heapq.heappush(self._heap, (due, next(self._seq), sink))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="stream-deadlines", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is sink:
                self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap or self._heap[0][0] > time.monotonic():
                    self._cond.wait(self._heap[0][0] - time.monotonic() if self._heap else None)
                now = time.monotonic()
                due = []
                while self._heap and self._heap[0][0] <= now:
                    due.append(heapq.heappop(self._heap)[2])
            try:
                self._write(due)
            except Exception:  # the sink's own next flush or finish reports a broken Redis
                log.warning("writing held stream text failed", exc_info=True)

    def _write(self, due: list[RedisStreamSink]) -> None:
        taken: list[RedisStreamSink] = []
        try:
            for sink in dict.fromkeys(due):  # one sink may be scheduled twice
                if not sink._lock.acquire(blocking=False):
                    self.schedule(sink, time.monotonic() + self.RETRY)
                    continue
                if sink._due is None:  # written meanwhile
                    sink._lock.release()
                    continue
                taken.append(sink)
            if not taken:
                return
            work = [sink._take() for sink in taken]
            writers: dict[int, list[int]] = {}
            for index, sink in enumerate(taken):
                writers.setdefault(id(sink.redis), []).append(index)
            for indexes in writers.values():
                redis = taken[indexes[0]].redis
                try:
                    group_writer(redis).write([entry for i in indexes for entry in work[i]])
                except BaseException:
                    for i in indexes:
                        taken[i]._restore(work[i])
                    raise
                for i in indexes:
                    taken[i]._written(bool(work[i]))
        finally:
            for sink in taken:
                sink._lock.release()


deadlines = DeadlineFlusher()


class RedisStreamSink:
    """Writes one run's events to its Redis Stream with as few round trips as possible.

    Text deltas are coalesced within a bounded window (``RUN_TEXT_WINDOW_MS``,
    at most 15 ms). The loop calls :meth:`flush` once per network read from the
    LLM; text goes out at once when nothing was written for the last window
    (the first token after a pause is never held), otherwise it is held and
    joined with what follows until the window since the last write closes, and
    :class:`DeadlineFlusher` writes it then if the loop has not. Any other event
    (a tool call, a node event, text of another type or scope) is written at
    once with the text before it. Each write is one ``token`` entry per run of
    joined text, written with the writes of the other runs of this process
    (:class:`GroupWriter`) in one pipelined round trip. A run's writes are
    serialised by its lock, so its events stay in order. ``cancel`` is the
    run's token, which the heartbeat sets when the run's cancel flag appears
    (within one beat, ``WORKER_HEARTBEAT_SECONDS``); the writes do not read the flag.
    """

    def __init__(self, redis, run_id: str, *, ttl: int, cancel: CancelToken | None = None,
                 window: float | None = None) -> None:  # fmt: skip
        self.redis = redis
        self.run_id = run_id
        self.ttl = ttl
        self.cancel = cancel or CancelToken()
        if window is None:
            from django.conf import settings

            window = settings.RUN_TEXT_WINDOW_MS / 1000
        self.window = min(MAX_TEXT_WINDOW, max(0.0, window))
        self._key = keys.stream_key(run_id)
        self._lock = threading.Lock()
        self._pending: list[dict] = []  # stream entry fields, in order
        self._text_key: tuple[str, bytes | None] | None = None  # (type, scope) of the text being gathered
        self._text: list[str] = []
        self._last_write = float("-inf")
        self._due: float | None = None  # when held text must go out (scheduled with the flusher)
        self._gathering_tokens = False
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
            self._gathering_tokens |= type_ == TOKEN and scope is None
            self._text = []
            self._text_key = None

    def emit(self, type: str, data: Any, *, scope: Sequence[str] | None = None) -> None:
        """Buffer one event; text of the same type and scope is joined until it is written."""
        if type in TERMINAL:
            raise ValueError("terminal events go through finish()")
        scope_raw = orjson.dumps(list(scope)) if scope else None
        with self._lock:
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
        """Write what is buffered, or hold text that follows the last write within the window."""
        with self._lock:
            if not self._pending and not self._text:
                return
            now = time.monotonic()
            if not self._pending and now - self._last_write < self.window:
                if self._due is None:  # held: goes out when the window since the last write closes
                    self._due = self._last_write + self.window
                    deadlines.schedule(self, self._due)
                return
            entries = self._take()
            try:
                group_writer(self.redis).write(entries)
            except BaseException:
                self._restore(entries)
                raise
            self._written(bool(entries))

    def _take(self) -> list[tuple[str, dict]]:
        """(lock held) Everything buffered, as stream entries; the write starts now."""
        self._close_text()
        now = time.monotonic()
        if self._gathering_tokens:
            if self._last_text_flush is not None:
                metrics.observe_token_gap(now - self._last_text_flush)
            self._last_text_flush = now
            self._gathering_tokens = False
        entries = [(self._key, fields) for fields in self._pending]
        self._pending = []
        self._due = None
        self._last_write = now
        return entries

    def _restore(self, entries: list[tuple[str, dict]]) -> None:
        """(lock held) A write failed: its entries go back in front, for the next flush or finish."""
        self._pending[:0] = [fields for _, fields in entries]

    def _written(self, wrote: bool) -> None:
        if wrote and self.first_event_at is None:
            self.first_event_at = time.monotonic()

    def finish(self, type: str, data: Any, *, conversation_id: str, user_id: int) -> bool:
        """Write buffered events then the terminal one; False if the run had already ended."""
        with self._lock:
            entries = self._take()
            if entries:  # with the other runs' writes, like any flush; stored before the terminal event
                group_writer(self.redis).write(entries)
            return state.finish(
                self.redis, self.run_id, type, data, ttl=self.ttl,
                conversation_id=conversation_id, user_id=user_id, script=self._finish,
            )  # fmt: skip
