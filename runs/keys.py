"""The Redis keys of a run's live state (names only; nothing here talks to Redis).

``run:{id}`` is the event stream, ``run:{id}:cancel`` the cancel flag,
``run:{id}:hb`` the heartbeat (``queued`` until a worker takes the run, then
``running`` with a short TTL that the worker keeps refreshing),
``run:{id}:done`` the marker that the terminal event was written,
``conv:{user}:{id}:active`` the conversation's busy lock (namespaced by its
owner, so nobody else's attempt can take, hold or even see it) and
``user:{id}:runs`` the sorted set of one person's runs in flight (scored by
their deadline). ``conv:{user}:{id}:queue`` lists the runs waiting for the
conversation's lock, in order (double texting: ``if_busy`` ``enqueue`` or
``interrupt``). A cancel is also published on ``CANCEL_CHANNEL`` (the run id), so
the worker holding the run hears of it at once rather than at its next beat, and
a run's end is published on ``TURN_CHANNEL`` (its conversation lock's key), so a
run waiting in that conversation's line tries for its turn at once.
"""

from __future__ import annotations

CANCEL_CHANNEL = "runs:cancel"
TURN_CHANNEL = "runs:turn"


def stream_key(run_id: str) -> str:
    return f"run:{run_id}"


def cancel_key(run_id: str) -> str:
    return f"run:{run_id}:cancel"


def heartbeat_key(run_id: str) -> str:
    return f"run:{run_id}:hb"


def done_key(run_id: str) -> str:
    return f"run:{run_id}:done"


def conversation_lock_key(user_id: int, conversation_id: str) -> str:
    return f"conv:{user_id}:{conversation_id}:active"


def user_runs_key(user_id: int) -> str:
    return f"user:{user_id}:runs"


def conversation_queue_key(user_id: int, conversation_id: str) -> str:
    return f"conv:{user_id}:{conversation_id}:queue"
