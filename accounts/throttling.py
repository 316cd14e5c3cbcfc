"""Failed-login throttling per username and per client IP, counted in Redis.

Only failures count. The client IP is the socket address, or — behind
``NUM_PROXIES`` trusted reverse proxies — the address the outermost trusted
proxy saw. A client cannot reset its counter with a spoofed X-Forwarded-For:
only the entries our own proxies appended are read.
"""

from __future__ import annotations

import hashlib

from django.conf import settings

from tomato_agent.errors import RateLimited
from tomato_agent.redis_client import get_redis


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def _keys(username: str, ip: str) -> list[tuple[str, int]]:
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [
        (f"{settings.THROTTLE_KEY_PREFIX}:login:user:{name}", settings.LOGIN_FAILURES_PER_USERNAME),
        (f"{settings.THROTTLE_KEY_PREFIX}:login:ip:{ip}", settings.LOGIN_FAILURES_PER_IP),
    ]


def login_check(*, username: str, ip: str) -> None:
    """Raise RateLimited when either counter is at its limit."""
    r = get_redis()
    keys = _keys(username, ip)
    pipe = r.pipeline(transaction=False)
    for key, _ in keys:
        pipe.get(key)
        pipe.ttl(key)
    values = pipe.execute()
    for i, (_, limit) in enumerate(keys):
        count, ttl = values[2 * i], values[2 * i + 1]
        if count is not None and int(count) >= limit:
            raise RateLimited(
                "Too many failed logins; try again later.",
                retry_after=max(int(ttl), 1) if ttl and ttl > 0 else settings.LOGIN_THROTTLE_WINDOW,
            )


def login_failed(*, username: str, ip: str) -> None:
    r = get_redis()
    pipe = r.pipeline(transaction=False)
    for key, _ in _keys(username, ip):
        pipe.incr(key)
        pipe.expire(key, settings.LOGIN_THROTTLE_WINDOW, nx=True)
    pipe.execute()


def login_succeeded(*, username: str) -> None:
    """A good password clears the per-username counter (not the per-IP one)."""
    get_redis().delete(_keys(username, "-")[0][0])
