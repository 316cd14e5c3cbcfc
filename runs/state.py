"""A run's live state in Redis, shared by the web side and the worker.

Admission (the conversation's busy lock and the person's runs in flight) and
the end of a run (the one terminal event, which releases both) are Lua
scripts, so each is one atomic round trip. The cancel flag is a key the worker
checks with every stream write and every heartbeat.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings

from runs import keys
from runs.events import TERMINAL

# KEYS: conversation lock, user runs; ARGV: run_id, now, deadline, cap, lock ttl
ADMIT_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if tonumber(redis.call('ZCARD', KEYS[2])) >= tonumber(ARGV[4]) then return 'cap' end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[5]) then return 'busy' end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 'ok'
"""

# KEYS: stream, done, conversation lock, user runs; ARGV: type, data, ttl, run_id
FINISH_SCRIPT = """
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[3]) then
  local id = redis.call('XADD', KEYS[1], '*', 't', ARGV[1], 'd', ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  if redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
  redis.call('ZREM', KEYS[4], ARGV[4])
  return id
end
return false
"""


def run_lifetime() -> int:
    """How long a run's live keys may exist: queued, then running, then a margin."""
    return settings.RUN_HARD_TIME_LIMIT + settings.RUN_QUEUE_TIMEOUT + 60


def admit(redis, *, run_id: str, user_id: int, conversation_id: str | None, now: float, cap: int) -> str:
    """Take the conversation's busy lock and a slot among the person's runs: ``ok``, ``busy`` or ``cap``.

    A run with no conversation (a workflow run) takes only the slot.
    """
    lock = keys.conversation_lock_key(user_id, conversation_id or f"run-{run_id}")
    verdict = redis.register_script(ADMIT_SCRIPT)(
        keys=[lock, keys.user_runs_key(user_id)],
        args=[run_id, now, now + run_lifetime(), cap, run_lifetime()],
    )
    return verdict.decode() if isinstance(verdict, bytes) else str(verdict)


def lock_holder(redis, *, user_id: int, conversation_id: str) -> str | None:
    holder = redis.get(keys.conversation_lock_key(user_id, conversation_id))
    return holder.decode() if holder else None


def release(redis, *, run_id: str, conversation_id: str | None, user_id: int) -> None:
    """Undo :func:`admit` for a run that will never start."""
    lock = keys.conversation_lock_key(user_id, conversation_id or f"run-{run_id}")
    if redis.get(lock) == run_id.encode():
        redis.delete(lock)
    redis.zrem(keys.user_runs_key(user_id), run_id)


def finish_script(redis):
    return redis.register_script(FINISH_SCRIPT)


def finish(redis, run_id: str, type: str, data: Any, *, ttl: int, conversation_id: str | None, user_id: int,
           script=None) -> bool:  # fmt: skip
    """Append the one terminal event and release the run's locks, atomically; False if it had ended."""
    if type not in TERMINAL:
        raise ValueError(f"{type} is not a terminal event")
    script = script or finish_script(redis)
    lock = keys.conversation_lock_key(user_id, conversation_id or f"run-{run_id}")
    run_keys = [keys.stream_key(run_id), keys.done_key(run_id), lock, keys.user_runs_key(user_id)]
    return bool(script(keys=run_keys, args=[type, orjson.dumps(data), ttl, run_id]))


def request_cancel(redis, run_id: str) -> None:
    redis.set(keys.cancel_key(run_id), b"1", ex=run_lifetime())


def is_done(redis, run_id: str) -> bool:
    return bool(redis.exists(keys.done_key(run_id)))
