"""Run lifecycle: admit and start a run, execute it on a worker, cancel it, detect a lost worker.

Redis holds the live state of a run: its event stream, a cancel flag, a
heartbeat, a done marker, the conversation's busy lock and the user's set of
runs in flight. MongoDB holds the durable record (history and the report).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
from django.conf import settings
from django.db import close_old_connections

from agents import events, history
from agents import usage as usage_costs
from agents.llm import get_llm
from agents.loop import history_messages, run_loop
from agents.prompting import system_prompt
from tomato_agent import metrics
from tomato_agent.errors import Conflict, DomainError, InvalidRequest, RateLimited
from tomato_agent.redis_client import get_redis
from tools.registry import ToolContext, registry

log = logging.getLogger(__name__)

# KEYS: conversation lock, user runs; ARGV: run_id, now, deadline, cap, lock ttl
ADMIT_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if tonumber(redis.call('ZCARD', KEYS[2])) >= tonumber(ARGV[4]) then return 'cap' end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[5]) then return 'busy' end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 'ok'
"""


class ConversationBusy(Conflict):
    code = "conversation_busy"
    message = "This conversation already has an answer in progress."


class RunFinished(Conflict):
    code = "run_finished"
    message = "The run has already finished."


@dataclass(frozen=True)
class StartedRun:
    run_id: str
    conversation_id: str
    message_id: str
    # With run_start(defer_record=True): stores the user message and the queued run;
    # the caller runs it once it has started following the stream.
    record: Callable[[], None] | None = field(default=None, compare=False)


def _run_lifetime() -> int:
    return settings.RUN_HARD_TIME_LIMIT + settings.RUN_QUEUE_TIMEOUT + 60


def validate_content(content) -> str:
    if not isinstance(content, str) or not content.strip():
        raise InvalidRequest("The message must be a non-empty string.")
    if len(content) > settings.CHAT_MAX_MESSAGE_CHARS:
        raise InvalidRequest(f"The message is longer than {settings.CHAT_MAX_MESSAGE_CHARS} characters.")
    return content


CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


_UNSET = object()


async def run_start_async(*, user, conversation_id: str | None, content, create_missing: bool = False,
                          defer_record: bool = False) -> StartedRun:  # fmt: skip
    """:func:`run_start` for async callers: the ORM budget lookup in Django's thread, the rest off it."""
    from asgiref.sync import sync_to_async

    token_budget = await sync_to_async(usage_costs.token_allowance)(user_id=user.id, model=settings.LLM_MODEL)
    return await sync_to_async(run_start, thread_sensitive=False)(
        user=user, conversation_id=conversation_id, content=content, create_missing=create_missing,
        token_budget=token_budget, defer_record=defer_record,
    )  # fmt: skip


def run_start(*, user, conversation_id: str | None, content, create_missing: bool = False,
              token_budget=_UNSET, defer_record: bool = False) -> StartedRun:  # fmt: skip
    """Admit, store and enqueue a chat turn; its events follow on ``run:{run_id}``.

    ``create_missing`` (the GenOS endpoint, whose clients may choose a chatId)
    starts a new conversation under an id this user does not have yet.
    ``token_budget`` is what :func:`usage.token_allowance` says (looked up here when not given).
    """
    content = validate_content(content)
    if conversation_id is not None and (not isinstance(conversation_id, str) or not CLIENT_ID.match(conversation_id)):
        raise InvalidRequest("conversation_id must be a conversation id string.")
    if token_budget is _UNSET:
        token_budget = usage_costs.token_allowance(user_id=user.id, model=settings.LLM_MODEL)
    redis = get_redis()
    run_id = history.new_id()
    is_new = conversation_id is None
    conversation_id = conversation_id or history.new_id()
    now = time.time()
    admit = redis.register_script(ADMIT_SCRIPT)
    keys = [events.conversation_lock_key(conversation_id), events.user_runs_key(user.id)]
    args = [run_id, now, now + _run_lifetime(), settings.RUNS_IN_FLIGHT_PER_USER, _run_lifetime()]
    verdict = admit(keys=keys, args=args)
    if verdict == b"busy":
        # The run holding the conversation may belong to a worker that died unwatched: end it, retry once.
        holder = redis.get(keys[0])
        if holder and run_mark_lost(run_id=holder.decode()):
            verdict = admit(keys=keys, args=args)
    if verdict == b"cap":
        raise RateLimited(
            f"You already have {settings.RUNS_IN_FLIGHT_PER_USER} answers in progress; wait for one to finish.",
            retry_after=5,
        )
    if verdict == b"busy":
        raise ConversationBusy()
    user_message_id, assistant_message_id = history.new_id(), history.new_id()
    create_conversation = is_new
    try:
        if is_new:
            user_seq = 1
        elif create_missing and not history.conversation_exists(user_id=user.id, conversation_id=conversation_id):
            history.conversation_claim(user_id=user.id, conversation_id=conversation_id, content=content)
            is_new, user_seq = True, 1
        else:
            user_seq = history.turn_reserve(user_id=user.id, conversation_id=conversation_id)
        session = {"conversation_id": conversation_id, "run_id": run_id, "message_id": user_message_id}
        pipe = redis.pipeline(transaction=False)
        pipe.xadd(events.stream_key(run_id), {"t": events.SESSION, "d": orjson.dumps(session)})
        pipe.expire(events.stream_key(run_id), _run_lifetime())
        pipe.set(events.heartbeat_key(run_id), b"queued", ex=settings.RUN_QUEUE_TIMEOUT)
        pipe.execute()
        spec = {
            "user_id": user.id,
            "is_staff": bool(user.is_staff),
            "conversation_id": conversation_id,
            "new_conversation": is_new,
            "content": content,
            "user_message_id": user_message_id,
            "user_seq": user_seq,
            "assistant_message_id": assistant_message_id,
            "assistant_seq": user_seq + 1,
            "token_budget": token_budget,
            "created_at": now,
        }
        from agents.tasks import run_agent

        run_agent.apply_async(args=[run_id, spec], queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    except BaseException:
        _release(redis, run_id=run_id, conversation_id=conversation_id, user_id=user.id)
        raise
    # Recorded after enqueueing: the worker needs none of it to start answering.
    record = functools.partial(
        history.turn_record,
        user_id=user.id, conversation_id=conversation_id, create_conversation=create_conversation,
        content=content, run_id=run_id, model=settings.LLM_MODEL, user_message_id=user_message_id,
        assistant_message_id=assistant_message_id, user_seq=user_seq,
    )  # fmt: skip
    if not defer_record:
        record()
        record = None
    return StartedRun(run_id=run_id, conversation_id=conversation_id, message_id=user_message_id, record=record)


def _release(redis, *, run_id: str, conversation_id: str, user_id: int) -> None:
    lock = events.conversation_lock_key(conversation_id)
    if redis.get(lock) == run_id.encode():
        redis.delete(lock)
    redis.zrem(events.user_runs_key(user_id), run_id)


def run_status(run: dict) -> str:
    """The stored status, overlaid with the live one while the run is in flight.

    A run in flight whose worker stopped beating is ended here (``worker_lost``),
    so a report read by nobody's stream still tells the truth.
    """
    status = run["status"]
    if status in history.FINISHED:
        return status
    beat = get_redis().get(events.heartbeat_key(run["_id"]))
    if beat == b"running":
        return "running"
    if beat is None and run_mark_lost(run_id=run["_id"]):
        return "failed"
    return status


def run_cancel(*, user, run_id: str) -> str:
    run = history.run_get(user_id=user.id, run_id=run_id)
    redis = get_redis()
    if run["status"] in history.FINISHED or redis.exists(events.done_key(run_id)):
        raise RunFinished()
    redis.set(events.cancel_key(run_id), b"1", ex=_run_lifetime())
    return "cancelling"


# --- worker side -------------------------------------------------------------------------------


class Heartbeats:
    """One greenlet/thread per worker process refreshes the heartbeat of every live run."""

    def __init__(self) -> None:
        self._runs: set[str] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def add(self, run_id: str) -> None:
        """Keep this run's heartbeat alive (the caller has set it once already)."""
        with self._lock:
            self._runs.add(run_id)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._beat, name="run-heartbeats", daemon=True)
                self._thread.start()

    def discard(self, run_id: str) -> None:
        with self._lock:
            self._runs.discard(run_id)

    @staticmethod
    def ttl_ms() -> int:
        return int(settings.WORKER_LOST_AFTER_SECONDS * 1000)

    def _beat(self) -> None:
        while True:
            time.sleep(settings.WORKER_HEARTBEAT_SECONDS)
            with self._lock:
                runs = list(self._runs)
            if not runs:
                continue
            try:
                pipe = get_redis().pipeline(transaction=False)
                for run_id in runs:
                    pipe.set(events.heartbeat_key(run_id), b"running", px=self.ttl_ms(), xx=True)
                pipe.execute()
            except Exception:  # Redis blips must not kill the heartbeat thread
                log.warning("heartbeat write failed", exc_info=True)


heartbeats = Heartbeats()


def run_execute(*, run_id: str, spec: dict) -> None:
    """Run one chat turn to its terminal event. Safe to call twice: an ended run does nothing."""
    redis = get_redis()
    # One round trip: has it ended already (a redelivery), mark it running, was it cancelled while queued?
    pipe = redis.pipeline(transaction=False)
    pipe.exists(events.done_key(run_id))
    pipe.set(events.heartbeat_key(run_id), b"running", px=heartbeats.ttl_ms())
    pipe.exists(events.cancel_key(run_id))
    ended, _, cancelled_early = pipe.execute()
    if ended:
        log.info("run %s already ended; redelivery ignored", run_id)
        return
    started_at = datetime.now(UTC)
    started = time.monotonic()
    user_id, conversation_id = spec["user_id"], spec["conversation_id"]
    run = {
        "_id": run_id, "user_id": user_id, "conversation_id": conversation_id,
        "user_message_id": spec["user_message_id"],
        "assistant_message_id": spec["assistant_message_id"], "assistant_seq": spec["assistant_seq"],
        "created_at": datetime.fromtimestamp(spec["created_at"], UTC),
    }  # fmt: skip
    sink = events.RedisStreamSink(redis, run_id, ttl=settings.RUN_STREAM_TTL)
    heartbeats.add(run_id)
    result = None
    try:
        if cancelled_early:
            _close(run, sink, status="cancelled", started_at=started_at, started=started)
            return
        ctx = ToolContext(user_id=user_id, is_staff=spec.get("is_staff", False), run_id=run_id,
                          conversation_id=conversation_id)  # fmt: skip
        tools = registry.tools_for(ctx)
        mode = settings.AGENT_TOOL_MODE
        stored = []
        if not spec["new_conversation"]:
            stored = history.history_for_model(
                conversation_id=conversation_id, user_id=user_id, before_seq=spec["user_seq"],
                limit=settings.AGENT_HISTORY_MESSAGES - 1,
            )  # fmt: skip
        messages = [{"role": "system", "content": system_prompt(tools, mode=mode)}]
        messages += history_messages([m for m in stored if m.get("status") != "failed" or m.get("content")], mode=mode)
        messages.append({"role": "user", "content": spec["content"]})
        result = run_loop(
            llm=get_llm(), registry=registry, tools=tools, ctx=ctx, messages=messages, sink=sink,
            mode=mode, max_iterations=settings.AGENT_MAX_ITERATIONS, token_budget=spec.get("token_budget"),
        )  # fmt: skip
        _close(run, sink, status=result.status, started_at=started_at, started=started, result=result)
    except Exception as exc:
        log.exception("run %s failed", run_id)
        error = exc.as_dict() if isinstance(exc, DomainError) else {"code": "internal", "message": "The run failed."}
        _close(run, sink, status="failed", started_at=started_at, started=started, result=result, error=error)
    finally:
        heartbeats.discard(run_id)
        close_old_connections()


def _close(run: dict, sink: events.RedisStreamSink, *, status: str, started_at: datetime, started: float,
           result=None, error: dict | None = None) -> None:  # fmt: skip
    """Store the answer and the report, then write the one terminal event."""
    error = error or (result.error if result else None)
    content = result.content if result else ""
    model = result.model if result and result.model else settings.LLM_MODEL
    usage = result.usage if result else None
    if usage is not None:
        usage = {**usage, "cost_usd": usage_costs.cost_of(model, usage)}
    timings = {
        "queue_ms": int((started_at - run["created_at"]).total_seconds() * 1000),
        "first_event_ms": int((sink.first_event_at - started) * 1000) if sink.first_event_at else None,
        "run_ms": int((time.monotonic() - started) * 1000),
    }
    history.turn_close(
        run=run, status=status, content=content, final_content=result.final_content if result else "",
        reasoning=result.reasoning if result else "", rounds=result.rounds if result else [],
        usage=usage, model=model, steps=result.steps if result else [],
        error=error, finish_reason=result.finish_reason if result else None, started_at=started_at,
        timings=timings,
    )  # fmt: skip
    if status == "succeeded":
        terminal = events.RESULT
        data = {"message_id": run["assistant_message_id"], "content": content,
                "finish_reason": result.finish_reason or "stop", "usage": usage,
                "duration_ms": timings["run_ms"]}  # fmt: skip
    elif status == "cancelled":
        terminal, data = events.CANCELLED, {"message_id": run["assistant_message_id"], "content": content}
    else:
        terminal, data = events.ERROR, error or {"code": "internal", "message": "The run failed."}
    sink.finish(terminal, data, conversation_id=run["conversation_id"], user_id=run["user_id"])
    usage_costs.usage_record(user_id=run["user_id"], usage=usage, cost_usd=usage["cost_usd"] if usage else None)
    metrics.observe_run(
        status=status, duration_s=timings["run_ms"] / 1000, queue_s=timings["queue_ms"] / 1000,
        first_token_s=timings["first_event_ms"] / 1000 if timings["first_event_ms"] is not None else None,
        model=model, usage=usage,
    )  # fmt: skip
    for step in result.steps if result else ():
        if step["kind"] == "tool":
            metrics.observe_tool_call(tool=step["name"], outcome="ok" if step["ok"] else "error")


# --- watchdog (web side) --------------------------------------------------------------------------


def run_mark_lost(*, run_id: str) -> bool:
    """End a run whose worker stopped beating: store what was streamed, emit ``worker_lost``.

    Returns True when this call ended the run (False if it had ended already
    or is still alive).
    """
    redis = get_redis()
    if redis.exists(events.done_key(run_id)) or redis.exists(events.heartbeat_key(run_id)):
        return False
    run = history.run_load(run_id=run_id)
    if run is None or run["status"] in history.FINISHED:
        return False
    entries = redis.xrange(events.stream_key(run_id))
    content = "".join(orjson.loads(fields[b"d"]) for _, fields in entries if fields.get(b"t") == events.TOKEN.encode())
    error = {"code": "worker_lost", "message": "The worker running this answer stopped; please try again."}
    ended = events.finish_run(
        redis, run_id, events.ERROR, error, ttl=settings.RUN_STREAM_TTL,
        conversation_id=run["conversation_id"], user_id=run["user_id"],
    )  # fmt: skip
    if ended:
        history.turn_close(
            run=run, status="failed", content=content, final_content=content, reasoning="", rounds=[],
            usage=None, model=run.get("model") or "", steps=[], error=error, finish_reason=None,
            started_at=None, timings={},
        )  # fmt: skip
    return ended
