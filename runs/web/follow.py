"""Reading a run's event stream on the web side (WebSocket consumer, SSE views).

``tail`` replays a run from any event id and then follows it live. One
:class:`StreamHub` per process reads every followed run with a single
``XREAD BLOCK`` (many entries per call) and fans batches out to subscribers. When the stream goes quiet it
checks the worker's heartbeat: a run whose worker stopped beating is ended
with ``worker_lost`` (by whichever subscriber notices first), so no client
waits forever. Any number of subscribers may tail one run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import uuid
import weakref
from collections.abc import AsyncIterator

import orjson
from asgiref.sync import sync_to_async

from runs import events, keys, reports
from runs.liveness import run_mark_lost
from tomato_agent.redis_client import get_async_redis

log = logging.getLogger(__name__)

BLOCK_MS = 1000
READ_COUNT = 1000
EVENT_ID = re.compile(r"^\d{1,20}-\d{1,20}$")


def valid_event_id(value: str | None) -> str:
    if not value:
        return "0-0"
    value = value.strip()
    if not EVENT_ID.match(value):
        raise ValueError("not an event id")
    return value


def _terminal_from_record(run_id: str) -> tuple[str, dict] | None:
    """After the stream has expired, the terminal event rebuilt from the stored report."""
    run = reports.report_for_worker(run_id=run_id)
    return reports.terminal_from_report(run) if run is not None else None


def _next_id(event_id: str) -> str:
    """An id just after ``event_id`` (for an ending rebuilt from the report, after what the stream holds)."""
    ms, _, seq = event_id.partition("-")
    return f"{ms}-{int(seq or 0) + 1}"


def _after(a: str, b: str) -> bool:
    """Is stream id ``a`` later than ``b``?"""
    ma, _, sa = a.partition("-")
    mb, _, sb = b.partition("-")
    return (int(ma), int(sa or 0)) > (int(mb), int(sb or 0))


def _bulk(value: bytes) -> bytes:
    """One RESP bulk string."""
    return b"$%d\r\n%s\r\n" % (len(value), value)


# XREAD COUNT <READ_COUNT> BLOCK <BLOCK_MS> STREAMS: the fixed head of the hub's read, packed once.
_XREAD_HEAD = b"".join(
    _bulk(part) for part in (b"XREAD", b"COUNT", b"%d" % READ_COUNT, b"BLOCK", b"%d" % BLOCK_MS, b"STREAMS")
)


class StreamHub:
    """One ``XREAD BLOCK`` for every run this process follows (one hub per event loop).

    A subscriber registers a queue for a stream; the hub reads all followed
    streams in one call and hands each batch of new entries to every queue of
    its stream. Registration is synchronous on the event loop, so a subscriber
    knows exactly where the hub's reading of its stream stands and reads the
    part before that itself: nothing is lost or delivered twice. A private wake
    stream interrupts the blocking read when a new stream is added.

    The read is re-armed after every reply with every followed stream, so it
    is sent pre-packed: each stream's key and cursor are kept as RESP bytes
    (a cursor re-packed only when it moves) and the command is one join of
    them, written on the hub's own connection, its reply read raw. Packing the
    whole argument list through redis-py on every call, and its per-command
    bookkeeping, were most of the hub's CPU (docs/benchmarks.md, round 3).
    """

    def __init__(self, redis) -> None:
        self.redis = redis
        self.cursors: dict[str, str] = {}
        self.queues: dict[str, set[asyncio.Queue]] = {}
        self.wake_key = f"hub:{uuid.uuid4().hex}:wake"
        self.wake_cursor = "0-0"
        self.task: asyncio.Task | None = None
        self._packed_keys: dict[str, bytes] = {}  # stream key -> its RESP bulk string
        self._packed_cursors: dict[str, bytes] = {}  # stream key -> its cursor's RESP bulk string

    def _follow(self, key: str, cursor: str) -> None:
        self.cursors[key] = cursor
        self._packed_keys[key] = _bulk(key.encode())
        self._packed_cursors[key] = _bulk(cursor.encode())

    def _advance(self, key: str, cursor: str) -> None:
        self.cursors[key] = cursor
        self._packed_cursors[key] = _bulk(cursor.encode())

    def _unfollow(self, key: str) -> None:
        self.cursors.pop(key, None)
        self._packed_keys.pop(key, None)
        self._packed_cursors.pop(key, None)

    def subscribe(self, key: str, after: str) -> tuple[asyncio.Queue, str, bool]:
        """Returns the queue, the id the hub delivers after, and whether the hub must be woken."""
        queue: asyncio.Queue = asyncio.Queue()
        new_stream = key not in self.cursors
        if new_stream:
            self._follow(key, after)
        self.queues.setdefault(key, set()).add(queue)
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._read())
        return queue, self.cursors[key], new_stream

    def unsubscribe(self, key: str, queue: asyncio.Queue) -> None:
        queues = self.queues.get(key)
        if queues is None:
            return
        queues.discard(queue)
        if not queues:
            del self.queues[key]
            self._unfollow(key)
        if not self.cursors and self.task is not None and not self.task.done():
            self.task.cancel()  # nothing left to follow: do not hold a blocked read open
            self.task = None

    async def wake(self) -> None:
        pipe = self.redis.pipeline(transaction=False)
        pipe.xadd(self.wake_key, {"w": "1"}, maxlen=16, approximate=True)
        pipe.expire(self.wake_key, 3600)
        await pipe.execute()

    def _command(self) -> bytes:
        """``XREAD COUNT … BLOCK … STREAMS <wake> <keys…> <wake cursor> <cursors…>``, packed."""
        count = len(self.cursors) + 1
        return b"".join(
            (
                b"*%d\r\n" % (2 * count + 6),
                _XREAD_HEAD,
                _bulk(self.wake_key.encode()),
                *self._packed_keys.values(),
                _bulk(self.wake_cursor.encode()),
                *self._packed_cursors.values(),
            )
        )

    async def _read(self) -> None:
        pool = self.redis.connection_pool
        conn = None
        try:
            while self.cursors:
                try:
                    if conn is None:
                        conn = await pool.get_connection()
                    await conn.send_packed_command(self._command(), check_health=False)
                    response = await conn.read_response()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.warning("stream hub read failed; retrying", exc_info=True)
                    if conn is not None:
                        await _drop(pool, conn)
                        conn = None
                    await asyncio.sleep(0.2)
                    continue
                self._deliver(response)
        finally:
            if conn is not None:
                # Cancelled (or failed) mid-read: the reply may still come, so the connection is not reusable.
                await asyncio.shield(_drop(pool, conn))

    def _deliver(self, response) -> None:
        """Hand one raw ``XREAD`` reply (RESP3 map or RESP2 list; None when the block timed out) to the queues."""
        if not response:
            return
        for raw_key, entries in response.items() if isinstance(response, dict) else response:
            key = raw_key.decode() if isinstance(raw_key, bytes) else raw_key
            if not entries:
                continue
            if key == self.wake_key:
                last = entries[-1][0]
                self.wake_cursor = last.decode() if isinstance(last, bytes) else last
                continue
            if key not in self.cursors:
                continue  # every subscriber left while the read was in flight
            batch = [
                events.decode_entry(entry_id, dict(zip(flat[::2], flat[1::2], strict=True)))
                for entry_id, flat in entries
            ]
            self._advance(key, batch[-1].id)
            for queue in self.queues.get(key, ()):
                queue.put_nowait(batch)


async def _drop(pool, conn) -> None:
    with contextlib.suppress(Exception):
        await conn.disconnect()
    with contextlib.suppress(Exception):
        await pool.release(conn)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, StreamHub] = weakref.WeakKeyDictionary()


def get_hub() -> StreamHub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = StreamHub(get_async_redis())
    return hub


async def tail(run_id: str, after: str = "0-0", *, idle_every: float | None = None
               ) -> AsyncIterator[events.Event | None]:  # fmt: skip
    """Yield the run's events after ``after`` until its terminal event.

    With ``idle_every`` set, yields ``None`` after that many silent seconds (a
    cue for SSE keep-alive comments). When the run goes quiet, checks that a
    worker still owns it and ends it with ``worker_lost`` if not.
    """
    redis = get_async_redis()
    hub = get_hub()
    key = keys.stream_key(run_id)
    last = after
    queue, hub_from, new_stream = hub.subscribe(key, after)
    try:
        if new_stream:
            await hub.wake()
        if _after(hub_from, after):  # the hub already read past our start: read that part ourselves
            for entry_id, fields in await redis.xrange(key, min=f"({after}", max=hub_from):
                event = events.decode_entry(entry_id, fields)
                last = event.id
                yield event
                if event.terminal:
                    return
        quiet_since = time.monotonic()
        last_idle = quiet_since
        while True:
            if queue.empty():  # wait; asyncio.timeout (unlike wait_for) wraps no task around the get
                try:
                    async with asyncio.timeout(BLOCK_MS / 1000):
                        batch = await queue.get()
                except TimeoutError:
                    batch = None
            else:
                batch = queue.get_nowait()
            if batch:
                if not _after(batch[0].id, last):  # the hub's batches are in order: only a first one overlaps
                    batch = [event for event in batch if _after(event.id, last)]
                for event in batch:
                    last = event.id
                    yield event
                    if event.terminal:
                        return
                quiet_since = last_idle = time.monotonic()
                continue
            now = time.monotonic()
            if idle_every is not None and now - last_idle >= idle_every:
                last_idle = now
                yield None
            if now - quiet_since < BLOCK_MS / 1000:
                continue
            # Quiet: is anyone still working on this run?
            alive, done, exists = await _liveness(redis, run_id)
            if alive or done:
                quiet_since = time.monotonic()
                continue
            # Its stream expired, or Redis lost the end of it (an outage while the worker closed the run):
            # a final report still knows the ending.
            rebuilt = await sync_to_async(_terminal_from_record, thread_sensitive=False)(run_id)
            if rebuilt is not None:
                yield events.Event("0-1" if not exists else _next_id(last), rebuilt[0], orjson.dumps(rebuilt[1]))
                return
            await sync_to_async(run_mark_lost, thread_sensitive=False)(run_id=run_id)
            quiet_since = time.monotonic()
    finally:
        hub.unsubscribe(key, queue)


async def _liveness(redis, run_id: str) -> tuple[bool, bool, bool]:
    pipe = redis.pipeline(transaction=False)
    pipe.exists(keys.heartbeat_key(run_id))
    pipe.exists(keys.done_key(run_id))
    pipe.exists(keys.stream_key(run_id))
    alive, done, exists = await pipe.execute()
    return bool(alive), bool(done), bool(exists)
