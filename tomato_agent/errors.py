"""The one domain error type and its HTTP rendering.

Services raise :class:`DomainError` (or a subclass); the DRF exception handler
turns it into ``{"error": {"code", "message"}}`` with the right status, the
WebSocket consumer into an ``error`` frame. Codes are the stable ones of
docs/events.md plus the account codes.
"""

from __future__ import annotations

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class DomainError(Exception):
    code = "internal"
    status = status.HTTP_500_INTERNAL_SERVER_ERROR
    message = "Something went wrong."

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 status_code: int | None = None, retry_after: int | None = None) -> None:  # fmt: skip
        self.message = message or self.message
        self.code = code or self.code
        self.status = status_code or self.status
        self.retry_after = retry_after
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


class InvalidRequest(DomainError):
    code = "invalid_request"
    status = status.HTTP_400_BAD_REQUEST
    message = "The request is not valid."


class NotFound(DomainError):
    code = "not_found"
    status = status.HTTP_404_NOT_FOUND
    message = "Not found."


class Conflict(DomainError):
    code = "conflict"
    status = status.HTTP_409_CONFLICT


class ServiceUnavailable(DomainError):
    code = "service_unavailable"
    status = status.HTTP_503_SERVICE_UNAVAILABLE
    message = "A service the platform needs is unavailable; try again in a few seconds."


def unavailable_from(exc: BaseException) -> ServiceUnavailable | None:
    """The domain error for a backing service that cannot be reached (Redis, MongoDB, the broker), else None.

    Outages are a clear 503 / ``service_unavailable``, never a 500 or a hang."""
    import kombu.exceptions
    import pymongo.errors
    import redis.exceptions

    outage = (
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        redis.exceptions.BusyLoadingError,
        pymongo.errors.ConnectionFailure,
        kombu.exceptions.OperationalError,
    )
    if isinstance(exc, outage):
        return ServiceUnavailable(retry_after=5)
    return None


class RateLimited(DomainError):
    code = "rate_limited"
    status = status.HTTP_429_TOO_MANY_REQUESTS
    message = "Too many requests; try again later."


def api_exception_handler(exc, context):
    exc = unavailable_from(exc) or exc
    if isinstance(exc, DomainError):
        response = Response({"error": exc.as_dict()}, status=exc.status)
        if exc.retry_after is not None:
            response["Retry-After"] = str(exc.retry_after)
        return response
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return response  # DRF style: {"field": ["message", ...]}
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        if isinstance(exc, exceptions.Throttled):
            code = "rate_limited"
        response.data = {"error": {"code": code, "message": detail}, "detail": detail}
    return response
