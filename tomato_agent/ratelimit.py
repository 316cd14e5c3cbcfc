"""Fixed-window request counters in Redis: one pipelined round trip for any number of windows.

Used for per-key limits (``apikeys``) and per-visitor / per-IP limits of
embedded widgets (``embeds``). Counter names carry ``THROTTLE_KEY_PREFIX``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings

from tomato_agent.errors import RateLimited
from tomato_agent.redis_client import get_redis


@dataclass(frozen=True)
class Window:
    name: str  # what is counted, e.g. "apikey:<hash>" or "embed:3:ip:203.0.113.9"
    limit: int
    seconds: int
    message: str  # shown with the 429


def count_and_check(windows: list[Window]) -> None:
    """Count one hit in every window; RateLimited (with Retry-After) for the first one over its limit."""
    now = int(time.time())
    pipe = get_redis().pipeline(transaction=False)
    for window in windows:
        key = f"{settings.THROTTLE_KEY_PREFIX}:{window.name}:{window.seconds}:{now // window.seconds}"
        pipe.incr(key)
        pipe.expire(key, window.seconds + 5, nx=True)
    counts = pipe.execute()[::2]
    for window, count in zip(windows, counts, strict=True):
        if count > window.limit:
            raise RateLimited(window.message, retry_after=window.seconds - now % window.seconds)
