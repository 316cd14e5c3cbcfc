"""Executing a run in the worker: the lifecycle every kind shares.

``run_execute`` takes a run off the queue, marks it running, hands it to its
kind's ``execute`` with a :class:`~runs.kinds.RunContext`, and closes it: the
kind's record, the report, then the one terminal event, the usage counters and
the metrics. A redelivered run that already ended does nothing, and a failure
anywhere still ends the run with an ``error`` event.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import close_old_connections

from runs import close_writes, events, keys, kinds, reports, state
from runs import usage as usage_costs
from runs.kinds import CancelToken, Outcome, RunContext
from runs.metering import UsageMeter
from runs.worker.heartbeats import heartbeats
from runs.worker.sink import RedisStreamSink
from tomato_agent import metrics
from tomato_agent.errors import DomainError, unavailable_from
from tomato_agent.logging import get_context
from tomato_agent.redis_client import get_redis

log = logging.getLogger(__name__)


def run_identity(run_id: str, spec: dict) -> dict:
    """The fields a run's report is keyed by: owner, kind and the kind's own ids."""
    return {
        "_id": run_id,
        "user_id": spec["user_id"],
        "kind": spec["kind"],
        "created_at": datetime.fromtimestamp(spec["created_at"], UTC),
        "attribution": spec.get("attribution") or {},
        **spec.get("report_fields", {}),
    }


def run_execute(*, run_id: str, spec: dict) -> None:
    """Run one run to its terminal event. Safe to call twice: an ended run does nothing."""
    redis = get_redis()
    # One round trip: has it ended already (a redelivery), mark it running, was it cancelled while queued?
    pipe = redis.pipeline(transaction=False)
    pipe.exists(keys.done_key(run_id))
    pipe.set(keys.heartbeat_key(run_id), b"running", px=heartbeats.ttl_ms())
    pipe.exists(keys.cancel_key(run_id))
    ended, _, cancelled_early = pipe.execute()
    if ended:
        log.info("run %s already ended; redelivery ignored", run_id)
        return
    kind = kinds.get(spec["kind"])
    started_at = datetime.now(UTC)
    started = time.monotonic()
    run = run_identity(run_id, spec)
    cancel = CancelToken()
    sink = RedisStreamSink(redis, run_id, ttl=settings.RUN_STREAM_TTL, cancel=cancel)
    heartbeats.add(run_id, cancel)
    meter = UsageMeter.from_spec(spec)
    try:
        waited = None
        if not cancelled_early and spec.get("wait_turn"):
            waited = _wait_turn(redis, run_id, spec, cancel)
        if cancelled_early or waited == "cancelled":
            if spec.get("wait_turn"):
                state.leave_line(redis, run_id=run_id, user_id=spec["user_id"], conversation_id=spec["conversation_id"])
            outcome = kind.interrupted(run, status=events.CANCELLED_STATUS, text="", error=None)
        elif waited == "timeout":
            state.leave_line(redis, run_id=run_id, user_id=spec["user_id"], conversation_id=spec["conversation_id"])
            outcome = kind.interrupted(run, status=events.FAILED, text="", error=dict(WAITED_TOO_LONG))
        else:
            ctx = RunContext(
                run_id=run_id, user_id=spec["user_id"], is_staff=bool(spec.get("is_staff")), sink=sink,
                cancel=cancel, trace_id=spec.get("trace_id") or get_context().get("trace_id") or "",
                conversation_id=spec.get("conversation_id") or "", meter=meter,
            )  # fmt: skip
            try:
                outcome = kind.execute(spec, ctx)
            except Exception as exc:
                log.exception("run %s failed", run_id)
                error = exc.as_dict() if isinstance(exc, DomainError) else dict(events.INTERNAL)
                if unavailable_from(exc):  # Redis or MongoDB went away mid-run: say so, not "internal"
                    error = dict(events.UNAVAILABLE)
                outcome = kind.interrupted(run, status=events.FAILED, text="", error=error)
        _close(run, kind, sink, outcome, spec=spec, started_at=started_at, started=started, meter=meter)
    except Exception as exc:
        # The close itself failed (MongoDB down?): the stream must still end, and say why.
        log.exception("closing run %s failed", run_id)
        error = events.UNAVAILABLE if unavailable_from(exc) else events.INTERNAL
        sink.finish(events.ERROR, dict(error), conversation_id=spec.get("conversation_id"),
                    user_id=spec["user_id"])  # fmt: skip
    finally:
        heartbeats.discard(run_id)
        close_old_connections()


WAITED_TOO_LONG = {"code": "conversation_busy", "message": "The answer before this message did not end in time."}
TURN_RECHECK_SECONDS = 1.0


def _wait_turn(redis, run_id: str, spec: dict, cancel: CancelToken) -> str:
    """A run queued behind its conversation's answer (double texting): wait for its turn.

    Returns ``"turn"`` once it holds the conversation's lock, ``"cancelled"``
    when cancelled meanwhile, ``"timeout"`` after half the run time limit.
    Tries the atomic script (``runs.state.take_turn``) at once, then whenever a
    run of the conversation ends (its release is published, and this process's
    listener wakes the wait) or this run is cancelled, and at least once a
    second (a message missed while resubscribing, a lock that expired).
    """
    user_id, conversation_id = spec["user_id"], spec["conversation_id"]
    deadline = time.monotonic() + settings.RUN_HARD_TIME_LIMIT / 2
    lock_key = keys.conversation_lock_key(user_id, conversation_id)
    wake = heartbeats.turn_watch(lock_key)
    unregister = cancel.on_cancel(wake.set)
    try:
        while True:
            wake.clear()  # before the try: a release published after it still ends the wait below
            if state.take_turn(redis, run_id=run_id, user_id=user_id, conversation_id=conversation_id):
                return "turn"
            if cancel.cancelled:  # set by the published cancel, or by the heartbeat's read of the flag
                return "cancelled"
            if time.monotonic() > deadline:
                return "timeout"
            wake.wait(TURN_RECHECK_SECONDS)
    finally:
        unregister()
        heartbeats.turn_unwatch(lock_key, wake)


def _close(
    run: dict,
    kind,
    sink: RedisStreamSink,
    outcome: Outcome,
    *,
    spec: dict,
    started_at: datetime,
    started: float,
    meter: UsageMeter | None = None,
) -> None:
    """Store the kind's record and the report, then write the one terminal event.

    A run whose model calls went through the meter costs the sum of those
    calls, each at its own model's price; otherwise the kind's usage is priced
    at the run's model.
    """
    outcome.model = outcome.model or spec.get("model") or settings.LLM_MODEL
    if meter is not None and meter.calls:
        outcome.usage = meter.total()
        outcome.report = {**outcome.report, "usage_by_model": meter.by_model()}
    elif outcome.usage is not None:
        outcome.usage = {**outcome.usage, "cost_usd": usage_costs.cost_of(outcome.model, outcome.usage)}
    timings = {
        "queue_ms": int((started_at - run["created_at"]).total_seconds() * 1000),
        "first_event_ms": int((sink.first_event_at - started) * 1000) if sink.first_event_at else None,
        "run_ms": int((time.monotonic() - started) * 1000),
    }
    result = outcome.result
    if outcome.status == events.SUCCEEDED:
        result = {**result, "usage": outcome.usage, "duration_ms": timings["run_ms"]}
    terminal = events.terminal_for(outcome.status, result=result, error=outcome.error)
    # The kind's record then the report, written with the closes of the other runs of this process (one
    # bulk_write per collection) and stored before the terminal event below makes the run's end visible.
    with close_writes.collect():
        kind.persist(run, outcome, timings=timings)
        reports.report_close(
            run=run,
            status=outcome.status,
            model=outcome.model,
            steps=outcome.steps,
            usage=outcome.usage,
            error=outcome.error,
            finish_reason=outcome.finish_reason,
            started_at=started_at,
            timings=timings,
            terminal=terminal,
            fields=outcome.report,
        )
    sink.finish(*terminal, conversation_id=run.get("conversation_id"), user_id=run["user_id"])
    usage = outcome.usage
    usage_costs.usage_record(user_id=run["user_id"], usage=usage, cost_usd=usage["cost_usd"] if usage else None)
    metrics.observe_run(
        status=outcome.status, duration_s=timings["run_ms"] / 1000, queue_s=timings["queue_ms"] / 1000,
        first_token_s=timings["first_event_ms"] / 1000 if timings["first_event_ms"] is not None else None,
        model=outcome.model, usage=usage,
    )  # fmt: skip
    for step in outcome.steps:
        if step.get("kind") == "tool":
            metrics.observe_tool_call(tool=step["name"], outcome="ok" if step["ok"] else "error")
