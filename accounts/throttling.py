"""The login throttle, and the signup and embedding-endpoint limits (on ``tomato_agent.ratelimit``).

Login: every attempt is counted *before* its password is checked, per
username (by :func:`accounts.usernames.username_key`) and per client IP, in
one Lua script: ``INCR`` then compare. A burst of parallel guesses therefore
gets at most ``LOGIN_FAILURES_PER_USERNAME`` password checks in the window;
the rest are refused without touching bcrypt. A correct password clears the
username's counter and gives the IP its attempt back, so only failures
accumulate. The check sits in the authentication backend
(:class:`accounts.backends.ThrottledModelBackend`), so the API login, the
login page and the admin login share it.

The client IP is the socket address, or — behind ``NUM_PROXIES`` trusted
reverse proxies — the address the outermost trusted proxy saw. A client cannot
reset its counter with a spoofed X-Forwarded-For: only the entries our own
proxies appended are read.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from accounts.usernames import username_key
from tomato_agent.errors import RateLimited
from tomato_agent.ratelimit import Window, count_and_check
from tomato_agent.redis_client import get_redis

# KEYS: counters; ARGV: window seconds, then one limit per key.
# Counts this attempt on every key, then answers {allowed, retry_after}.
HIT_SCRIPT = """
local retry = 0
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  if count > tonumber(ARGV[i + 1]) then
    local ttl = redis.call('TTL', key)
    if ttl < 1 then ttl = tonumber(ARGV[1]) end
    if ttl > retry then retry = ttl end
  end
end
if retry > 0 then return {0, retry} end
return {1, 0}
"""


# KEYS: the username's counter, the IP's counter
SUCCEEDED_SCRIPT = """
redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('DECR', KEYS[2]) end
"""


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def _digest(ident: str) -> str:
    return hashlib.sha256(ident.encode("utf-8", "replace")).hexdigest()[:32]


def _key(scope: str, ident: str) -> str:
    return f"{settings.THROTTLE_KEY_PREFIX}:{scope}:{_digest(ident)}"


def hit(counters: list[tuple[str, str, int]], *, window: int) -> int:
    """Count one login attempt on each ``(scope, ident, limit)`` atomically; 0 if allowed, else seconds to wait.

    Login counters are their own (one Lua script; a window from the first failure; a success gives
    attempts back); every other limit uses ``tomato_agent.ratelimit``."""
    redis = get_redis()
    keys = [_key(scope, ident) for scope, ident, _ in counters]
    allowed, retry = redis.register_script(HIT_SCRIPT)(keys=keys, args=[window, *(lim for *_, lim in counters)])
    return 0 if int(allowed) else int(retry)


def _login_counters(username: str, ip: str) -> list[tuple[str, str, int]]:
    return [
        ("login:user", username_key(username), settings.LOGIN_FAILURES_PER_USERNAME),
        ("login:ip", ip, settings.LOGIN_FAILURES_PER_IP),
    ]


@contextlib.contextmanager
def login_attempt(*, username: str, ip: str) -> Iterator[LoginAttempt]:
    """Count a login attempt before the password is checked; RateLimited when over a limit.

    Call ``attempt.succeeded()`` inside the block when the password was right.
    """
    counters = _login_counters(username, ip)
    retry = hit(counters, window=settings.LOGIN_THROTTLE_WINDOW)
    if retry:
        raise RateLimited("Too many failed logins; try again later.", retry_after=retry)
    attempt = LoginAttempt(counters)
    yield attempt


class LoginAttempt:
    def __init__(self, counters: list[tuple[str, str, int]]) -> None:
        self._user_key = _key(*counters[0][:2])
        self._ip_key = _key(*counters[1][:2])

    def succeeded(self) -> None:
        """A good password: the username starts afresh and the IP gets this attempt back (unless its window
        ended meanwhile: a counter without a TTL would never expire)."""
        get_redis().register_script(SUCCEEDED_SCRIPT)(keys=[self._user_key, self._ip_key])


def signup_check(request) -> None:
    """Signups per client IP (API and page alike)."""
    limit, seconds = settings.RATE_LIMITS["signup"]
    message = "Too many signups from this address; try again later."
    count_and_check([Window(f"signup:{_digest(client_ip(request))}", limit, seconds, message)])


class ScopedRateThrottle(BaseThrottle):
    """DRF throttle over the platform's one request counter (``tomato_agent.ratelimit``):
    ``throttle_scopes = {"POST": "snippet_write"}`` on the view, rates in
    ``settings.RATE_LIMITS[scope] = (uses, seconds)``, counted per user."""

    def allow_request(self, request, view) -> bool:
        scope = getattr(view, "throttle_scopes", {}).get(request.method)
        self.retry = None
        if scope is None or not request.user.is_authenticated:
            return True
        limit, seconds = settings.RATE_LIMITS[scope]
        try:
            count_and_check([Window(f"{scope}:user:{request.user.pk}", limit, seconds, "Too many requests.")])
        except RateLimited as exc:
            self.retry = exc.retry_after
            return False
        return True

    def wait(self) -> float | None:
        return self.retry
