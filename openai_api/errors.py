"""Errors in OpenAI's shape: ``{"error": {"message", "type", "param", "code"}}`` with the HTTP status.

The official SDKs raise their typed errors from this body (``BadRequestError``,
``AuthenticationError``, ``NotFoundError``, ``RateLimitError``…). ``code`` is
the platform's own stable code (docs/events.md, docs/api.md).
"""

from __future__ import annotations

from django.http import JsonResponse

from tomato_agent.errors import DomainError, NotFound

TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "invalid_request_error",
    409: "invalid_request_error",
    429: "rate_limit_error",
}
# Errors a retry cannot fix: tell the official SDKs not to bill the person again.
FINAL_CODES = frozenset({"budget_exceeded", "max_iterations", "invalid_request", "insufficient_scope"})


class ModelNotFound(NotFound):
    code = "model_not_found"


class Unsupported(DomainError):
    code = "unsupported_parameter"
    status = 400


def error_body(exc: DomainError, *, param: str | None = None) -> dict:
    kind = TYPES.get(exc.status, "api_error" if exc.status >= 500 else "invalid_request_error")
    if exc.code == "budget_exceeded":
        kind = "insufficient_quota"
    return {
        "error": {"message": exc.message, "type": kind, "param": param or getattr(exc, "param", None), "code": exc.code}
    }


def openai_error_response(exc: DomainError, *, param: str | None = None) -> JsonResponse:
    response = JsonResponse(error_body(exc, param=param), status=exc.status)
    if exc.retry_after is not None:
        response["Retry-After"] = str(exc.retry_after)
    if exc.code in FINAL_CODES:
        response["x-should-retry"] = "false"
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
