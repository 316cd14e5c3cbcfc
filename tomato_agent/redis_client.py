"""The process's Redis clients: one sync client, one asyncio client per event loop."""

from __future__ import annotations

import asyncio
import threading
import weakref

import redis
import redis.asyncio as aioredis
from django.conf import settings

_lock = threading.Lock()
_sync: redis.Redis | None = None
_async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aioredis.Redis] = weakref.WeakKeyDictionary()


def get_redis() -> redis.Redis:
    """Sync client (workers, sync views). Bytes in, bytes out."""
    global _sync
    if _sync is None:
        with _lock:
            if _sync is None:
                _sync = redis.Redis.from_url(
                    settings.REDIS_URL,
                    socket_connect_timeout=3,
                    health_check_interval=30,
                    max_connections=1000,
                )
    return _sync


def get_async_redis() -> aioredis.Redis:
    """Asyncio client bound to the running loop (daphne has one; tests may have several)."""
    loop = asyncio.get_running_loop()
    client = _async.get(loop)
    if client is None:
        client = aioredis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3, max_connections=2000)
        _async[loop] = client
    return client
