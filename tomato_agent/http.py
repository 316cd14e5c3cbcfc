"""Client JSON and the plain-Django HTTP helpers for the views DRF does not serve (SSE, the chat endpoints).

:func:`parse_json` is the one place JSON from a client is parsed: plain views
(:func:`json_body`), DRF (``tomato_agent.parsers.JSONParser``, the default parser) and
WebSocket frames all go through it, so a size limit, a nesting limit and the
refusal of lone surrogates (which would fail later, in MongoDB or a template)
hold everywhere. Bad JSON is an ``invalid_request`` (400), never a 500.
The error-to-response function answers the way the DRF views do:
``{"error": {"code", "message"}}`` with the error's status.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from django.http import JsonResponse

from tomato_agent.errors import DomainError, InvalidRequest

MAX_BODY_BYTES = 256 * 1024
# The largest integer MongoDB (BSON int64) and SQL databases store; bigger client numbers are a 400.
MAX_INT = 2**63 - 1


def query_int(
    params,
    name: str,
    *,
    default: int | None = None,
    minimum: int = 0,
    maximum: int = MAX_INT,
    message: str | None = None,
) -> int | None:
    """An integer query parameter within [minimum, maximum]; InvalidRequest otherwise (never an overflow later)."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw) if len(raw) <= 20 else None
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise InvalidRequest(message or f"{name} must be a whole number from {minimum} to {maximum}.")
    return value


def parse_json(raw: bytes | str, *, max_bytes: int = MAX_BODY_BYTES, max_depth: int | None = None) -> Any:
    """Parse client JSON under a size and a nesting limit; InvalidRequest otherwise.

    orjson parses without Python recursion (its own hard limit is 1024 levels)
    and refuses NaN, Infinity and lone surrogates; the nesting limit
    (``JSON_MAX_DEPTH``) is then checked without recursion either.
    """
    if len(raw) > max_bytes:
        raise InvalidRequest("The request body is too large.")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise InvalidRequest("The body must be JSON.") from None
    limit = settings.JSON_MAX_DEPTH if max_depth is None else max_depth
    if json_depth(value, limit=limit) > limit:
        raise InvalidRequest(f"The JSON is nested more than {limit} levels deep.")
    return value


def json_depth(value: Any, *, limit: int) -> int:
    """How deeply ``value`` nests (a scalar is 0, ``[]`` is 1), counted up to ``limit + 1``."""
    deepest = 0
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def error_response(exc: DomainError) -> JsonResponse:
    response = JsonResponse({"error": exc.as_dict()}, status=exc.status)
    if exc.retry_after is not None:
        response["Retry-After"] = str(exc.retry_after)
    return response


def unauthenticated() -> JsonResponse:
    response = JsonResponse(
        {
            "error": {
                "code": "not_authenticated",
                "message": "Authentication credentials were not provided or are invalid.",
            }
        },
        status=401,
    )
    response["WWW-Authenticate"] = "Token"
    return response


def json_body(request) -> dict:
    """The request's JSON object body; InvalidRequest when it is too large, not JSON or not an object."""
    body = parse_json(request.body or b"{}")
    if not isinstance(body, dict):
        raise InvalidRequest("The body must be a JSON object.")
    return body
