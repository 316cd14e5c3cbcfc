"""Every middleware runs natively under ASGI: one sync-only middleware would send every request of the
async views (SSE chat, run events) through a thread and back (issue 13)."""

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import AsyncClient
from django.utils.module_loading import import_string


@pytest.mark.parametrize("path", settings.MIDDLEWARE)
def test_middleware_is_async_capable(path):
    middleware = import_string(path)
    assert getattr(middleware, "async_capable", False), f"{path} would force a thread hop on every request"


def test_csp_header_on_the_async_path(db, mongo_db):
    response = async_to_sync(AsyncClient().get)("/health")
    assert "default-src 'self'" in response["Content-Security-Policy"]
