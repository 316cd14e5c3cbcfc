"""Per-user sandbox quotas in Redis: executions at once, and CPU seconds a day.

A slot is a member of ``sandbox:active:{user}``, a sorted set scored by when
the lease expires, so a worker that dies mid-run frees its slot by itself once
the wall clock it was given has passed. CPU is counted in milliseconds per UTC
day (``sandbox:cpu:{user}:{yyyymmdd}``), from what ``wait4`` measured; an
execution may use at most what is left of the day.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings

from sandbox.types import OK, ExecutionResult, Limits
from tomato_agent.redis_client import get_redis

_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
"""


class QuotaExceeded(Exception):
    """The user may not run code right now; the message is safe to show the model and the person."""


def _active_key(user_id: int) -> str:
    return f"sandbox:active:{user_id}"


def _cpu_key(user_id: int, day: datetime | None = None) -> str:
    return f"sandbox:cpu:{user_id}:{(day or datetime.now(UTC)).strftime('%Y%m%d')}"


def cpu_used_today(*, user_id: int) -> float:
    """CPU seconds this user's code used today (UTC)."""
    raw = get_redis().get(_cpu_key(user_id))
    return int(raw or 0) / 1000


def cpu_left_today(*, user_id: int) -> float:
    return max(0.0, settings.SANDBOX_DAILY_CPU_SECONDS - cpu_used_today(user_id=user_id))


def charged_ms(result: ExecutionResult, limits: Limits) -> int:
    """What ``wait4`` measured; when a kill left processes unreaped (or another part of the worker
    reaped the sandbox first), the wall time, bounded by the CPU limit."""
    if result.cpu_ms is not None and result.status == OK:
        return result.cpu_ms
    return max(result.cpu_ms or 0, min(result.duration_ms, limits.cpu_seconds * 1000))


def cpu_charge(*, user_id: int, cpu_ms: int) -> None:
    key = _cpu_key(user_id)
    pipe = get_redis().pipeline()
    pipe.incrby(key, max(0, int(cpu_ms)))
    pipe.expire(key, 2 * 86400)
    pipe.execute()


@contextmanager
def execution_slot(*, user_id: int, lease_seconds: float) -> Iterator[int]:
    """Hold one of the user's concurrent execution slots; yields the CPU seconds this run may use.

    Raises :class:`QuotaExceeded` when every slot is taken or the day's CPU budget is spent.
    """
    left = cpu_left_today(user_id=user_id)
    if left <= 0:
        raise QuotaExceeded(
            f"the daily budget of {settings.SANDBOX_DAILY_CPU_SECONDS} CPU seconds for running code is used up; "
            "it renews at 00:00 UTC"
        )
    redis = get_redis()
    now_ms = int(time.time() * 1000)
    token = uuid.uuid4().hex
    key = _active_key(user_id)
    limit = settings.SANDBOX_RUNS_PER_USER
    expires = now_ms + int(lease_seconds * 1000)
    if not redis.eval(_ACQUIRE, 1, key, now_ms, expires, limit, token):
        raise QuotaExceeded(f"{limit} pieces of code are already running for this user; wait for one to finish")
    try:
        yield max(1, math.ceil(left))
    finally:
        redis.zrem(key, token)
