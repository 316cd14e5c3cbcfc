"""The middleware chain crosses into a thread as few times as possible on the async paths (issue 13).

Django's built-in middlewares hop to a thread for every hook when the chain runs
in async mode (16 hops for one SSE request); with the sync-only CSP middleware
innermost, Django runs the chain in the request's thread and enters the async
view once (5 hops). Measured: 2.5 ms vs 1.2 ms per request (docs/benchmarks.md).
"""

from asgiref import sync
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import AsyncClient

CSP = "tomato_agent.csp.ContentSecurityPolicyMiddleware"


def _hops_of_one_request(monkeypatch) -> tuple[int, object]:
    calls = []
    original = sync.SyncToAsync.__call__

    async def counting(self, *args, **kwargs):
        calls.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counting)
    # Not authenticated: the whole chain runs, the view answers 401 without a database hop.
    response = async_to_sync(AsyncClient().post)("/api/chat/stream", data={}, content_type="application/json")
    return len(calls), response


def test_the_chain_runs_in_one_thread_on_the_async_views(db, monkeypatch):
    assert settings.MIDDLEWARE[-1] == CSP  # innermost: everything outside it runs synchronously
    hops, response = _hops_of_one_request(monkeypatch)
    assert response.status_code == 401
    assert hops <= 6, hops  # 16 when every middleware is async-capable
    assert "default-src 'self'" in response["Content-Security-Policy"]
