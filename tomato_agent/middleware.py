"""Request id: every request gets one (or keeps a sane incoming ``X-Request-ID``).

The id is bound to the log context for the whole request (views, ``sync_to_async``
threads, Celery tasks published meanwhile) and returned in ``X-Request-ID``.
One access line per request is logged by ``tomato_agent.request`` with the
path only: query strings may carry secrets.
"""

from __future__ import annotations

import logging
import re
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.utils.deprecation import MiddlewareMixin
from django.utils.functional import empty

from tomato_agent import logging as tlog

access_log = logging.getLogger("tomato_agent.request")
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _request_id(request) -> str:
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if INCOMING_ID.match(incoming) else tlog.new_id()


def _user_id(request):
    """The user id if authentication already happened; never triggers a lookup."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:
        return None
    return getattr(wrapped, "id", None)


class RequestIdMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        started, tokens = self._begin(request)
        try:
            response = self.get_response(request)
            self._end(request, response, started)
            return response
        finally:
            tlog.reset_context(tokens)

    async def _acall(self, request):
        started, tokens = self._begin(request)
        try:
            response = await self.get_response(request)
            self._end(request, response, started)
            return response
        finally:
            tlog.reset_context(tokens)

    @staticmethod
    def _begin(request):
        request_id = _request_id(request)
        request.request_id = request_id
        tokens = tlog.set_context(request_id=request_id, trace_id=request_id, user_id=None, run_id=None)
        return time.monotonic(), tokens

    @staticmethod
    def _end(request, response, started: float) -> None:
        response["X-Request-ID"] = request.request_id
        user_id = _user_id(request)
        duration = time.monotonic() - started
        from tomato_agent import metrics

        metrics.observe_request(request, response, duration)
        if request.path != "/health":
            access_log.info(
                "%s %s %s", request.method, request.path, response.status_code,
                extra={"user_id": user_id, "status": response.status_code,
                       "duration_ms": int(duration * 1000)},
            )  # fmt: skip


class ServiceUnavailableMiddleware(MiddlewareMixin):
    """Plain (non-DRF) views: a Redis/MongoDB/broker outage is a JSON 503 ``service_unavailable``, not a 500.

    DRF views get the same answer from ``tomato_agent.errors.api_exception_handler``."""

    def process_exception(self, request, exception):
        from tomato_agent.errors import unavailable_from
        from tomato_agent.http import error_response

        error = unavailable_from(exception)
        if error is None:
            return None
        logging.getLogger(__name__).warning("%s %s: %s", request.method, request.path, type(exception).__name__)
        return error_response(error)
