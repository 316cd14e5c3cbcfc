"""API keys: create, list, revoke; verify a presented key; per-key rate limits and usage."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apikeys.keyformat import KEY_PREFIX, SHOWN_CHARS, looks_like_key, secret_hash
from apikeys.models import SCOPES, ApiKey
from tomato_agent.errors import InvalidRequest, NotFound
from tomato_agent.ratelimit import Window, count_and_check

TOUCH_EVERY = timedelta(seconds=60)  # last-used time and IP are written at most this often per key


def _clean_scopes(scopes) -> list[str]:
    if scopes is None:
        return list(SCOPES)
    if not isinstance(scopes, list | tuple) or not scopes:
        raise InvalidRequest(f"scopes must be a non-empty list of {', '.join(SCOPES)}.")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise InvalidRequest(f"Unknown scope(s): {', '.join(map(str, unknown))}. Scopes are {', '.join(SCOPES)}.")
    return [scope for scope in SCOPES if scope in scopes]


def key_create(
    *,
    user,
    name: str,
    scopes: list[str] | None = None,
    expires_at: datetime | None = None,
    requests_per_minute: int | None = None,
    requests_per_day: int | None = None,
) -> tuple[ApiKey, str]:
    """A new key for ``user``; returns the key and its secret, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise InvalidRequest("A key needs a name.")
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidRequest("expires_at must be in the future.")
    if ApiKey.objects.filter(user=user).active().count() >= settings.API_KEYS_PER_USER:
        raise InvalidRequest(f"You already have {settings.API_KEYS_PER_USER} active keys; revoke one first.")
    scopes = _clean_scopes(scopes)
    for _ in range(3):
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                key = ApiKey.objects.create(
                    user=user,
                    name=name,
                    prefix=secret[:SHOWN_CHARS],
                    secret_hash=secret_hash(secret),
                    scopes=scopes,
                    expires_at=expires_at,
                    requests_per_minute=requests_per_minute,
                    requests_per_day=requests_per_day,
                )
        except IntegrityError:  # 256 random bits colliding: retry rather than fail
            continue
        return key, secret
    raise RuntimeError("could not generate a unique API key")


def keys_for(*, user):
    """The person's keys that are not revoked (expired ones too, so they can see why), newest first."""
    return ApiKey.objects.filter(user=user, revoked_at__isnull=True)


def key_get(*, user, key_id: int) -> ApiKey:
    key = ApiKey.objects.filter(user=user, id=key_id, revoked_at__isnull=True).first()
    if key is None:
        raise NotFound("API key not found.")
    return key


def key_revoke(*, user, key_id: int) -> None:
    """Revoke one of the person's keys; it fails from the next request on (keys are not cached)."""
    updated = ApiKey.objects.filter(user=user, id=key_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound("API key not found.")


def key_for_secret(secret: str) -> ApiKey | None:
    """The working key behind a presented secret (with its user), or None: unknown, revoked, expired,
    or its owner deactivated."""
    if not looks_like_key(secret) or len(secret) > 200:
        return None
    key = ApiKey.objects.select_related("user").filter(secret_hash=secret_hash(secret)).first()
    if key is None or key.status != "active" or not key.user.is_active:
        return None
    return key


def key_touch(key: ApiKey, *, ip: str | None) -> None:
    """Record the last use (time and client IP), at most once a minute per key unless the IP changed."""
    now = timezone.now()
    if key.last_used_at is not None and now - key.last_used_at < TOUCH_EVERY and key.last_used_ip == ip:
        return
    ApiKey.objects.filter(id=key.id).update(last_used_at=now, last_used_ip=ip)
    key.last_used_at, key.last_used_ip = now, ip


def key_rate_check(key: ApiKey) -> None:
    """Count one request against the key's per-minute and per-day limits; RateLimited past either."""
    name = f"apikey:{key.secret_hash[:24]}"  # not the id: ids are reused after a test's rollback
    count_and_check(
        [
            Window(name, key.minute_limit, 60, f"This API key is limited to {key.minute_limit} requests a minute."),
            Window(name, key.day_limit, 86400, f"This API key is limited to {key.day_limit} requests a day."),
        ]
    )


def attribute(user, key: ApiKey):
    """Mark ``user`` (the object a request was authenticated as) as acting through ``key``.

    The run spine stores ``run_attribution`` on every run the request starts
    (``runs.web.admission``), so usage can be summed per key.
    """
    user.api_key = key
    user.run_attribution = {"api_key_id": key.id}
    return user


def key_usage(*, user, key_id: int, start: date, end: date) -> dict:
    """Tokens, cost and runs of one of the person's keys per day (from the run reports)."""
    from runs import reports, usage

    key = ApiKey.objects.filter(user=user, id=key_id).first()
    if key is None:
        raise NotFound("API key not found.")
    rows = reports.usage_by_attribution(user_id=user.id, field="api_key_id", value=key.id, start=start, end=end)
    return {"key_id": key.id, "from": start, "to": end, "total": usage.totals(rows, count="runs"), "by_day": rows}
