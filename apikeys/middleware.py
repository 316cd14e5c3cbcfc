"""Requests made with an API key: verified once, then checked for scope and rate limits before any view.

Only requests whose ``Authorization`` carries an API key (``Bearer tmt_…``)
are touched; everything else passes through without a lookup. The verified
key is left on the request (``request.api_key``) for the authentication
classes (``accounts.authentication``, ``runs.web.auth``), so the key is read
from the database once per request. A revoked or expired key is a 401, a
route outside the key's scopes a 403 ``insufficient_scope``, a key over its
limits a 429 with ``Retry-After``: in OpenAI's error shape under ``/v1/``,
the platform's everywhere else.
"""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async

from accounts.throttling import client_ip
from apikeys import services
from apikeys.keyformat import looks_like_key
from apikeys.scopes import key_admits, scopes_admitting
from tomato_agent.errors import DomainError
from tomato_agent.http import error_response


class InvalidKey(DomainError):
    code = "invalid_api_key"
    status = 401
    message = "This API key is not valid: unknown, revoked or expired."


class InsufficientScope(DomainError):
    code = "insufficient_scope"
    status = 403


def presented_key(request) -> str | None:
    """The API key in the request's ``Authorization`` header, if it carries one."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 2 and parts[0].lower() in ("bearer", "token") and looks_like_key(parts[1]):
        return parts[1]
    return None


def admit(secret: str, *, method: str, path: str, ip: str | None):
    """Verify the key and check scope and limits; the key, or the DomainError to answer with."""
    key = services.key_for_secret(secret)
    if key is None:
        return InvalidKey()
    if not key_admits(key.scopes, method, path):
        needed = sorted(scopes_admitting(method, path))
        if needed:
            return InsufficientScope(f"This API key needs the {' or '.join(needed)} scope for this request.")
        return InsufficientScope("API keys cannot do this; sign in instead.")
    try:
        services.key_rate_check(key)
    except DomainError as exc:
        return exc
    services.key_touch(key, ip=ip)
    return key


def _admit_request(request, secret: str):
    return admit(secret, method=request.method, path=request.path, ip=client_ip(request))


SOCKET_CLOSE_CODES = {401: 4401, 403: 4403, 429: 4429}


def socket_user(secret: str, *, path: str, ip: str | None):
    """``(user, None)`` for an API key sent in a WebSocket ``auth`` frame, or ``(None, close code)``:
    4401 invalid, 4403 without the scope, 4429 over its limits."""
    outcome = admit(secret, method="GET", path=path, ip=ip)
    if isinstance(outcome, DomainError):
        return None, SOCKET_CLOSE_CODES.get(outcome.status, 4401)
    return services.attribute(outcome.user, outcome), None


def refusal(request, exc: DomainError):
    if request.path.startswith("/v1/"):
        from openai_api.errors import openai_error_response

        return openai_error_response(exc)
    response = error_response(exc)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


class ApiKeyMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        secret = presented_key(request)
        if secret is not None:
            outcome = _admit_request(request, secret)
            if isinstance(outcome, DomainError):
                return refusal(request, outcome)
            request.api_key = outcome
        return self.get_response(request)

    async def _acall(self, request):
        secret = presented_key(request)
        if secret is not None:
            outcome = await sync_to_async(_admit_request)(request, secret)
            if isinstance(outcome, DomainError):
                return refusal(request, outcome)
            request.api_key = outcome
        return await self.get_response(request)
