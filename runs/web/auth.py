"""Authentication for the async views (SSE), the same as DRF's: token first, then session + CSRF."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.middleware.csrf import CsrfViewMiddleware
from rest_framework.exceptions import AuthenticationFailed

from accounts.authentication import token_from_header, user_for_token
from apikeys.services import attribute
from tomato_agent.logging import set_context


def _csrf_ok(request) -> bool:
    check = CsrfViewMiddleware(lambda req: None)
    check.process_request(request)
    return check.process_view(request, None, (), {}) is None


async def authenticate(request):
    """The user of this request, or None. Sessions need a valid CSRF token on unsafe methods."""
    user = await _authenticate(request)
    if user is not None:
        set_context(user_id=user.id)
    return user


async def _authenticate(request):
    key = getattr(request, "api_key", None)  # checked by apikeys.middleware.ApiKeyMiddleware
    if key is not None:
        return attribute(key.user, key)
    header = request.headers.get("Authorization", "")
    if header:
        try:
            token = token_from_header(header.encode("latin-1"))
        except (AuthenticationFailed, UnicodeEncodeError):
            return None
        return await sync_to_async(user_for_token)(token.decode()) if token else None
    user = await request.auser()
    if not user.is_authenticated:
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS") and not await sync_to_async(_csrf_ok)(request):
        return None
    return user
