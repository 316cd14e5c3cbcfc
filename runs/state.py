"""A run's live state in Redis, shared by the web side and the worker.

Admission (the conversation's busy lock and the person's runs in flight) and
the end of a run (the one terminal event, which releases both) are Lua
scripts, so each is one atomic round trip. The cancel flag is a key the worker
reads when a run starts and with every heartbeat (so a cancel lands within one beat).
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings

from runs import keys
from runs.events import TERMINAL

# KEYS: conversation lock, user runs, conversation queue; ARGV: run_id, now, deadline, cap, lock ttl, if_busy
# A busy conversation (its lock held, or runs waiting for it) refuses the run ('busy'), or, when
# if_busy is not 'reject', queues it behind the others ('queued'): its worker takes the lock in turn.
ADMIT_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if tonumber(redis.call('ZCARD', KEYS[2])) >= tonumber(ARGV[4]) then return 'cap' end
local verdict = 'ok'
if redis.call('LLEN', KEYS[3]) > 0 or not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[5]) then
  if ARGV[6] == 'reject' then return 'busy' end
  redis.call('RPUSH', KEYS[3], ARGV[1])
  redis.call('EXPIRE', KEYS[3], ARGV[5])
  verdict = 'queued'
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return verdict
"""

# KEYS: conversation lock, conversation queue; ARGV: run_id, lock ttl, done-key prefix, done-key suffix
# A queued run takes the lock when it is first in line and the lock is free. Runs ahead that
# already ended (cancelled while queued, lost) leave the line here.
TAKE_TURN_SCRIPT = """
local head = redis.call('LINDEX', KEYS[2], 0)
while head and head ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. head .. ARGV[4]) == 1 do
  redis.call('LPOP', KEYS[2])
  head = redis.call('LINDEX', KEYS[2], 0)
end
if head ~= ARGV[1] then return 0 end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return 0 end
redis.call('LPOP', KEYS[2])
return 1
"""
IF_BUSY = ("reject", "enqueue", "interrupt")

# KEYS: stream, done, conversation lock, user runs; ARGV: type, data, ttl, run_id, turn channel
# A run that held its conversation's lock announces the release (the lock's key): a run waiting in
# that conversation's line tries for its turn at once.
FINISH_SCRIPT = """
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[3]) then
  local id = redis.call('XADD', KEYS[1], '*', 't', ARGV[1], 'd', ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  if redis.call('GET', KEYS[3]) == ARGV[4] then
    redis.call('DEL', KEYS[3])
    redis.call('PUBLISH', ARGV[5], KEYS[3])
  end
  redis.call('ZREM', KEYS[4], ARGV[4])
  return id
end
return false
"""


def run_lifetime() -> int:
    """How long a run's live keys may exist: queued, then running, then a margin."""
    return settings.RUN_HARD_TIME_LIMIT + settings.RUN_QUEUE_TIMEOUT + 60


def admit(
    redis, *, run_id: str, user_id: int, conversation_id: str | None, now: float, cap: int, if_busy: str = "reject"
) -> str:
    """Take the conversation's busy lock and a slot among the person's runs: ``ok``, ``busy``, ``cap``, or
    (``if_busy`` ``enqueue`` / ``interrupt``, the conversation busy) ``queued``: in line for the lock.

    A run with no conversation (a workflow run) takes only the slot.
    """
    conversation = conversation_id or f"run-{run_id}"
    lock = keys.conversation_lock_key(user_id, conversation)
    verdict = redis.register_script(ADMIT_SCRIPT)(
        keys=[lock, keys.user_runs_key(user_id), keys.conversation_queue_key(user_id, conversation)],
        args=[run_id, now, now + run_lifetime(), cap, run_lifetime(), if_busy if conversation_id else "reject"],
    )
    return verdict.decode() if isinstance(verdict, bytes) else str(verdict)


def waiting_ahead(redis, *, user_id: int, conversation_id: str, run_id: str) -> list[str]:
    """The runs in line for the conversation before ``run_id``."""
    line = [r.decode() for r in redis.lrange(keys.conversation_queue_key(user_id, conversation_id), 0, -1)]
    return line[: line.index(run_id)] if run_id in line else line


def take_turn(redis, *, run_id: str, user_id: int, conversation_id: str) -> bool:
    """A queued run: take the conversation's lock if it is this run's turn (one atomic round trip)."""
    prefix, suffix = keys.done_key("\0").split("\0")
    taken = redis.register_script(TAKE_TURN_SCRIPT)(
        keys=[
            keys.conversation_lock_key(user_id, conversation_id),
            keys.conversation_queue_key(user_id, conversation_id),
        ],
        args=[run_id, run_lifetime(), prefix, suffix],
    )
    return bool(taken)


def leave_line(redis, *, run_id: str, user_id: int, conversation_id: str) -> None:
    """A queued run that ends before its turn (cancelled, timed out) leaves the line."""
    redis.lrem(keys.conversation_queue_key(user_id, conversation_id), 0, run_id)


def lock_holder(redis, *, user_id: int, conversation_id: str) -> str | None:
    holder = redis.get(keys.conversation_lock_key(user_id, conversation_id))
    return holder.decode() if holder else None


def release(redis, *, run_id: str, conversation_id: str | None, user_id: int) -> None:
    """Undo :func:`admit` for a run that will never start."""
    lock = keys.conversation_lock_key(user_id, conversation_id or f"run-{run_id}")
    if redis.get(lock) == run_id.encode():
        redis.delete(lock)
    redis.zrem(keys.user_runs_key(user_id), run_id)
    if conversation_id:
        leave_line(redis, run_id=run_id, user_id=user_id, conversation_id=conversation_id)


def runs_in_flight(redis, *, user_id: int) -> list[str]:
    """The ids of the person's runs that count against their cap (not yet past their deadline)."""
    return [r.decode() for r in redis.zrange(keys.user_runs_key(user_id), 0, -1)]


def in_flight(redis, *, user_id: int, run_id: str) -> bool:
    """Is ``run_id`` one of the person's runs in flight (admitted and not ended)? Admission adds it before
    the run id reaches anyone, so this holds from the first moment the run can be named."""
    return redis.zscore(keys.user_runs_key(user_id), run_id) is not None


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
    return bool(script(keys=run_keys, args=[type, orjson.dumps(data), ttl, run_id, keys.TURN_CHANNEL]))


def request_cancel(redis, run_id: str) -> None:
    """Set the run's cancel flag (what the worker's beat reads, durable for the run's life) and publish
    the run id, so the worker holding it cancels at once instead of at its next beat."""
    pipe = redis.pipeline(transaction=False)
    pipe.set(keys.cancel_key(run_id), b"1", ex=run_lifetime())
    pipe.publish(keys.CANCEL_CHANNEL, run_id)
    pipe.execute()


def is_done(redis, run_id: str) -> bool:
    return bool(redis.exists(keys.done_key(run_id)))
