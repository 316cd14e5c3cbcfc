"""WSGI entry point (gunicorn) for plain REST traffic; streaming needs the ASGI app."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")
application = get_wsgi_application()
