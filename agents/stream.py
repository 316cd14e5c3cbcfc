"""Reading a run's event stream on the web side (WebSocket consumer, SSE views).

``tail`` replays a run from any event id and then follows it live with
``XREAD BLOCK``, reading many entries per call. When the stream goes quiet it
checks the worker's heartbeat: a run whose worker stopped beating is ended
with ``worker_lost`` (by whichever subscriber notices first), so no client
waits forever. Any number of subscribers may tail one run.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator

import orjson
from asgiref.sync import sync_to_async
from django.conf import settings

from agents import events, history
from tomato_agent.redis_client import get_async_redis

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
    """After the stream has expired, the terminal event rebuilt from the stored run."""
    run = history.run_load(run_id=run_id)
    if run is None or run["status"] not in history.FINISHED:
        return None
    message = history.get_db().messages.find_one({"_id": run["assistant_message_id"]}) or {}
    content = message.get("content", "")
    if run["status"] == "succeeded":
        return events.RESULT, {"message_id": run["assistant_message_id"], "content": content,
                               "finish_reason": run.get("finish_reason") or "stop", "usage": run.get("usage"),
                               "duration_ms": run.get("duration_ms")}  # fmt: skip
    if run["status"] == "cancelled":
        return events.CANCELLED, {"message_id": run["assistant_message_id"], "content": content}
    return events.ERROR, run.get("error") or {"code": "internal", "message": "The run failed."}


async def tail(run_id: str, after: str = "0-0", *, idle_every: float | None = None
               ) -> AsyncIterator[events.Event | None]:  # fmt: skip
    """Yield the run's events after ``after`` until its terminal event.

    With ``idle_every`` set, yields ``None`` after that many silent seconds (a
    cue for SSE keep-alive comments).
    """
    redis = get_async_redis()
    key = events.stream_key(run_id)
    last = after
    quiet_since = time.monotonic()
    last_idle = quiet_since
    while True:
        response = await redis.xread({key: last}, count=READ_COUNT, block=BLOCK_MS)
        if response:
            for entry_id, fields in response[0][1]:
                event = events.decode_entry(entry_id, fields)
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
            continue
        if not exists:
            rebuilt = await sync_to_async(_terminal_from_record, thread_sensitive=False)(run_id)
            if rebuilt is not None:
                yield events.Event("0-1", rebuilt[0], orjson.dumps(rebuilt[1]))
                return
        from agents.runs import run_mark_lost

        await sync_to_async(run_mark_lost, thread_sensitive=False)(run_id=run_id)
        quiet_since = time.monotonic()


async def _liveness(redis, run_id: str) -> tuple[bool, bool, bool]:
    pipe = redis.pipeline(transaction=False)
    pipe.exists(events.heartbeat_key(run_id))
    pipe.exists(events.done_key(run_id))
    pipe.exists(events.stream_key(run_id))
    alive, done, exists = await pipe.execute()
    return bool(alive), bool(done), bool(exists)


def keepalive_seconds() -> float:
    return settings.SSE_KEEPALIVE_SECONDS
