"""Admitting, enqueueing and cancelling runs (web side).

Admission is the same for every kind: the person's cap on runs in flight, the
conversation's busy lock (for runs bound to a conversation), then the kind's
own checks, the ``session`` event, the ``queued`` heartbeat and the one Celery
task. A kind's service wraps its own work in :func:`admitted`; if anything
fails before the task is sent, the slot and the lock are released.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass

import orjson
from django.conf import settings

from runs import events, keys, reports, state
from runs.liveness import run_mark_lost
from tomato_agent.errors import Conflict, InvalidRequest, NotFound, RateLimited
from tomato_agent.mongo import new_id
from tomato_agent.redis_client import get_redis

TASK_NAME = "runs.execute"  # runs.worker.tasks.execute_run, sent by name: the web never imports worker code


class ConversationBusy(Conflict):
    code = "conversation_busy"
    message = "This conversation already has an answer in progress."


class RunFinished(Conflict):
    code = "run_finished"
    message = "The run has already finished."


def run_attribution(user) -> dict:
    """What started a run besides its owner — an API key (``api_key_id``) or an embed (``embed_id``,
    ``visitor_id``) — as the request's authentication marked it on the user object.

    Stored on the run's report (``runs.reports.report_close``), so usage can be
    summed per key or per embed.
    """
    return dict(getattr(user, "run_attribution", None) or {})


@dataclass
class Admission:
    """A run that holds its slot (and its conversation's lock) and is about to be enqueued."""

    run_id: str
    user: object
    conversation_id: str | None
    created_at: float
    enqueued: bool = False
    queued: bool = False  # in line behind the conversation's current answer (if_busy enqueue / interrupt)

    def enqueue(self, *, kind: str, spec: dict, session: dict | None = None, model: str = "") -> None:
        """Write the ``session`` event and the queued heartbeat, then send the run to a worker."""
        redis = get_redis()
        data = {"run_id": self.run_id, **(session or {})}
        if self.conversation_id is not None:
            data = {"conversation_id": self.conversation_id, **data}
        pipe = redis.pipeline(transaction=False)
        pipe.xadd(keys.stream_key(self.run_id), {"t": events.SESSION, "d": orjson.dumps(data)})
        pipe.expire(keys.stream_key(self.run_id), state.run_lifetime())
        pipe.set(keys.heartbeat_key(self.run_id), b"queued", ex=settings.RUN_QUEUE_TIMEOUT)
        pipe.execute()
        full_spec = {
            "kind": kind,
            "user_id": self.user.id,
            "is_staff": bool(self.user.is_staff),
            "conversation_id": self.conversation_id,
            "created_at": self.created_at,
            "model": model or settings.LLM_MODEL,
            "attribution": run_attribution(self.user),
            **spec,
        }
        if self.queued:
            full_spec["wait_turn"] = True  # the worker waits for the conversation's lock (runs.worker.execute)
        from tomato_agent.celery import app

        # argsrepr/kwargsrepr: what Celery shows of the arguments (logs, monitoring). Given, they spare a
        # saferepr of the whole spec per run (≈ 7 % of daphne's CPU per start) and keep the person's
        # message out of every task's headers.
        app.send_task(
            TASK_NAME,
            args=[self.run_id, full_spec],
            queue=settings.CELERY_TASK_DEFAULT_QUEUE,
            argsrepr=f"({self.run_id!r}, <{kind} spec>)",
            kwargsrepr="{}",
        )
        self.enqueued = True


@contextlib.contextmanager
def admitted(*, user, conversation_id: str | None, if_busy: str = "reject") -> Iterator[Admission]:
    """Admit a run for ``user`` (bound to ``conversation_id`` if given); released unless enqueued inside.

    Raises RateLimited past the person's runs in flight. While another run
    answers in the same conversation, ``if_busy`` decides (double texting):
    ``reject`` raises ConversationBusy; ``enqueue`` puts the run in line, to
    start when the runs before it have ended, in order; ``interrupt`` does too
    and cancels the run answering now and any in line before this one (a
    cancelled answer keeps its partial text). A conversation id that came
    from a client must be checked to be ``user``'s *before* this (another
    user's conversation is a 404, never a 409); the busy lock is namespaced by
    its owner anyway, so no other user's attempt can take it.
    """
    if if_busy not in state.IF_BUSY:
        raise InvalidRequest(f"if_busy must be one of {', '.join(state.IF_BUSY)}.")
    redis = get_redis()
    run_id = new_id()
    now = time.time()
    admit = functools.partial(
        state.admit,
        redis,
        run_id=run_id,
        user_id=user.id,
        conversation_id=conversation_id,
        now=now,
        cap=settings.RUNS_IN_FLIGHT_PER_USER,
        if_busy=if_busy,
    )
    verdict = admit()
    if verdict == "busy":
        # The run holding the conversation may belong to a worker that died unwatched: end it, retry once.
        holder = state.lock_holder(redis, user_id=user.id, conversation_id=conversation_id)
        if holder and run_mark_lost(run_id=holder):
            verdict = admit()
    if verdict == "cap" and _settle_lost(state.runs_in_flight(redis, user_id=user.id)):
        # Runs of a dead worker, or closed while Redis was down, still held slots: ended now, so retry once.
        verdict = admit()
    if verdict == "cap":
        raise RateLimited(
            f"You already have {settings.RUNS_IN_FLIGHT_PER_USER} answers in progress; wait for one to finish.",
            retry_after=5,
        )
    if verdict == "busy":
        raise ConversationBusy()
    admission = Admission(
        run_id=run_id, user=user, conversation_id=conversation_id, created_at=now, queued=verdict == "queued"
    )
    try:
        yield admission
    finally:
        if not admission.enqueued:
            state.release(redis, run_id=run_id, conversation_id=conversation_id, user_id=user.id)
    if admission.queued and if_busy == "interrupt":
        _interrupt_before(redis, admission)


def _settle_lost(run_ids: list[str]) -> bool:
    """End those of ``run_ids`` that nothing runs any more (``run_mark_lost``); True if any was ended."""
    ended = False
    for run_id in run_ids:
        ended = run_mark_lost(run_id=run_id) or ended
    return ended


def _interrupt_before(redis, admission: Admission) -> None:
    """Cancel the run answering in the conversation now and those in line before ``admission``."""
    user_id, conversation_id = admission.user.id, admission.conversation_id
    holder = state.lock_holder(redis, user_id=user_id, conversation_id=conversation_id)
    ahead = state.waiting_ahead(redis, user_id=user_id, conversation_id=conversation_id, run_id=admission.run_id)
    for run_id in dict.fromkeys([*([holder] if holder else []), *ahead]):
        state.request_cancel(redis, run_id)


def run_owned(*, user_id: int, run_id: str) -> dict:
    """The caller's run, for following or cancelling it: its report, or, in the moment between admission
    and the web side's deferred insert of that report (a client that resumes or cancels right after the
    run started), a queued stand-in for a run that is the caller's in flight. NotFound otherwise."""
    try:
        return reports.report_get(user_id=user_id, run_id=run_id)
    except NotFound:
        if isinstance(run_id, str) and run_id and state.in_flight(get_redis(), user_id=user_id, run_id=run_id):
            return {"_id": run_id, "user_id": user_id, "status": events.QUEUED}
        raise


def run_cancel(*, user, run_id: str) -> str:
    """Ask the worker to stop the caller's run; RunFinished if it has ended, NotFound if not theirs."""
    run = run_owned(user_id=user.id, run_id=run_id)
    redis = get_redis()
    if run["status"] in events.FINISHED or state.is_done(redis, run_id):
        raise RunFinished()
    state.request_cancel(redis, run_id)
    return "cancelling"
