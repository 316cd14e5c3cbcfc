"""ASGI entry point (daphne): Django for HTTP, Channels for WebSockets."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from agents.routing import websocket_urlpatterns  # noqa: E402
from tomato_agent.celery import warm_up  # noqa: E402

warm_up()

http_app = django_asgi_app
if settings.DEBUG:
    # `make run` serves static files itself; in production nginx does.
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    http_app = ASGIStaticFilesHandler(django_asgi_app)

application = ProtocolTypeRouter(
    {
        "http": http_app,
        # Origin checks happen in the consumer: they apply to session-cookie
        # sockets only (token-authenticated API clients send no Origin).
        "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns)),
    }
)
