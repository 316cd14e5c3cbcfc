"""Plain-Django HTTP helpers for the async views DRF does not serve (SSE, the chat endpoints).

One JSON body reader and one error-to-response function, so every such view
answers bad input and domain errors the way the DRF views do:
``{"error": {"code", "message"}}`` with the error's status.
"""

from __future__ import annotations

import json

from django.http import JsonResponse

from tomato_agent.errors import DomainError, InvalidRequest

MAX_BODY_BYTES = 256 * 1024


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
    if len(request.body) > MAX_BODY_BYTES:
        raise InvalidRequest("The request body is too large.")
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidRequest("The body must be JSON.") from None
    if not isinstance(body, dict):
        raise InvalidRequest("The body must be a JSON object.")
    return body
