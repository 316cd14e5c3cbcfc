"""Ending runs whose worker is gone (``worker_lost``): the sweeper, a follower of the run, or its owner's next message.

A worker keeps each run's heartbeat key alive; a run in flight whose heartbeat
expired and that has no terminal event was lost with its worker (a crash, an
OOM kill, a queued run nobody picked up). :func:`run_mark_lost` ends it the way
the worker would have: the kind stores what was streamed, the report is
closed, and the one terminal ``error`` with ``worker_lost`` goes on the stream.
"""

from __future__ import annotations

import orjson
from django.conf import settings

from runs import events, keys, kinds, reports, state
from tomato_agent.redis_client import get_redis


def streamed_text(redis, run_id: str) -> str:
    """The top-level answer text a run's stream carried so far (nested work's text is not the answer)."""
    out = []
    for _, fields in redis.xrange(keys.stream_key(run_id)):
        if fields.get(b"t") == events.TOKEN.encode() and b"s" not in fields:
            out.append(orjson.loads(fields[b"d"]))
    return "".join(text for text in out if isinstance(text, str))


def run_mark_lost(*, run_id: str) -> bool:
    """End a run whose worker stopped beating. True when this call ended it (False: ended already or alive).

    A run whose report is final but whose terminal event was never written (Redis was down when its
    worker closed it) gets that ending written now, from its report: without it the run would keep
    its conversation's lock and a slot among its owner's runs in flight until they expire.
    """
    redis = get_redis()
    if redis.exists(keys.done_key(run_id)) or redis.exists(keys.heartbeat_key(run_id)):
        return False
    run = reports.report_for_worker(run_id=run_id)
    if run is None:
        return False
    if run["status"] in events.FINISHED:
        type_, data = reports.terminal_from_report(run)
        return state.finish(
            redis,
            run_id,
            type_,
            data,
            ttl=settings.RUN_STREAM_TTL,
            conversation_id=run.get("conversation_id"),
            user_id=run["user_id"],
        )
    run.setdefault("kind", "chat")
    kind = kinds.get(run["kind"])
    error = dict(events.WORKER_LOST)
    ended = state.finish(
        redis, run_id, events.ERROR, error, ttl=settings.RUN_STREAM_TTL,
        conversation_id=run.get("conversation_id"), user_id=run["user_id"],
    )  # fmt: skip
    if ended:
        outcome = kind.interrupted(run, status=events.FAILED, text=streamed_text(redis, run_id), error=error)
        outcome.model = outcome.model or run.get("model") or ""
        kind.persist(run, outcome, timings={})
        reports.report_close(
            run=run, status=events.FAILED, model=outcome.model, steps=[], usage=None, error=error,
            finish_reason=None, started_at=None, timings={}, terminal=(events.ERROR, error),
        )  # fmt: skip
    return ended


def run_settle_for_worker(*, run_id: str) -> bool:
    """The sweeper's step for one run whose report is not final, whoever owns it. True if it ended here.

    A run that still beats is left alone. A run whose terminal event was written
    but whose report was not closed (MongoDB was down when its worker closed
    it) gets its report and its kind's record written now from its stream, so
    what streamed is kept. Anything else was lost with its worker.
    """
    redis = get_redis()
    if redis.exists(keys.heartbeat_key(run_id)):
        return False
    if not redis.exists(keys.done_key(run_id)):
        return run_mark_lost(run_id=run_id)
    run = reports.report_for_worker(run_id=run_id)
    last = redis.xrevrange(keys.stream_key(run_id), count=1)
    if run is None or run["status"] in events.FINISHED or not last:
        return False
    terminal = events.decode_entry(*last[0])
    if not terminal.terminal:
        return False
    status = events.status_of(terminal.type)
    error = terminal.data if terminal.type == events.ERROR else None
    run.setdefault("kind", "chat")
    kind = kinds.get(run["kind"])
    outcome = kind.interrupted(run, status=status, text=streamed_text(redis, run_id), error=error)
    outcome.model = outcome.model or run.get("model") or ""
    kind.persist(run, outcome, timings={})
    reports.report_close(
        run=run,
        status=status,
        model=outcome.model,
        steps=[],
        usage=None,
        error=error,
        finish_reason=None,
        started_at=None,
        timings={},
        terminal=(terminal.type, terminal.data),
    )
    return False


def run_status(run: dict) -> str:
    """The stored status, overlaid with the live one while the run is in flight. Reading changes nothing:
    a run whose worker stopped beating is ended by the sweeper (``runs.sweeper``), not by whoever reads it."""
    status = run["status"]
    if status in events.FINISHED:
        return status
    beat = get_redis().get(keys.heartbeat_key(run["_id"]))
    return events.RUNNING if beat == b"running" else status
