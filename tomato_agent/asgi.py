"""ASGI entry point (daphne): Django for HTTP, Channels for WebSockets."""

import asyncio
import os
import weakref
from concurrent.futures import ThreadPoolExecutor

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")
django_asgi_app = get_asgi_application()

from autobahn.websocket import protocol as _autobahn_protocol  # noqa: E402
from channels.auth import AuthMiddleware  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.sessions import CookieMiddleware, InstanceSessionWrapper, SessionMiddleware  # noqa: E402
from django.conf import settings  # noqa: E402

from agents.routing import websocket_urlpatterns  # noqa: E402
from runs.sweeper import start_in_background  # noqa: E402
from tomato_agent.celery import warm_up  # noqa: E402

warm_up()
start_in_background()  # ends runs whose worker died, whether anyone follows them or not


class SocketSessionMiddleware(SessionMiddleware):
    """channels' SessionMiddleware for WebSockets: the session is read at connect, and frames go straight out.

    channels wraps ``send`` to save the session and set its cookie on
    ``http.response.start``, a message a WebSocket never sends; its wrapper
    still resolved the lazy session and asked whether it was modified and
    empty for every frame (≈ 5 % of daphne's CPU per streamed token,
    docs/benchmarks.md). Nothing is saved either way.
    """

    async def __call__(self, scope, receive, send):
        wrapper = InstanceSessionWrapper(scope, send)
        await wrapper.resolve_session()
        return await self.inner(wrapper.scope, receive, send)


def _unformatted(value, *args, **kwargs):
    return value


# autobahn (daphne's WebSocket framing) colours the arguments of a debug log line for every frame it sends,
# whether or not debug logging is on (≈ 6 % of daphne's CPU per streamed token): pass them through as they are.
_autobahn_protocol.hltype = _autobahn_protocol.hlval = _unformatted

http_app = django_asgi_app
if settings.DEBUG:
    # `make run` serves static files itself; in production nginx does.
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    http_app = ASGIStaticFilesHandler(django_asgi_app)

router = ProtocolTypeRouter(
    {
        "http": http_app,
        # Origin checks happen in the consumer: they apply to session-cookie
        # sockets only (token-authenticated API clients send no Origin).
        "websocket": CookieMiddleware(SocketSessionMiddleware(AuthMiddleware(URLRouter(websocket_urlpatterns)))),
    }
)


class WebThreads:
    """Gives the event loop a pool of ``WEB_THREADS`` threads for blocking work (ORM, Redis, MongoDB).

    asyncio's default pool has ``min(32, cores + 4)`` threads: on two cores six
    admissions at a time, and a burst of new chats queued behind them.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.loops: weakref.WeakSet = weakref.WeakSet()

    async def __call__(self, scope, receive, send):
        loop = asyncio.get_running_loop()
        if loop not in self.loops:
            self.loops.add(loop)
            loop.set_default_executor(ThreadPoolExecutor(settings.WEB_THREADS, thread_name_prefix="web"))
        return await self.app(scope, receive, send)


application = WebThreads(router)
