"""Server-sent events for any run: the response every SSE endpoint returns, and ``GET /api/runs/{id}/events``."""

from __future__ import annotations

import orjson
from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from runs.web import follow
from runs.web.admission import run_owned
from runs.web.auth import authenticate
from runs.web.encoders import KEEPALIVE, SSE_ENCODERS
from tomato_agent import metrics
from tomato_agent.errors import DomainError, InvalidRequest, unavailable_from
from tomato_agent.http import error_response, unauthenticated

FORMAT_ERROR = "format must be native, genos or spotlight."


def transport_error(fmt: str, error: dict) -> bytes:
    """An ``error`` without an event id: the stream broke, not the run (the client resumes by its last id)."""
    if fmt == "genos":
        return b"data: " + orjson.dumps({"event": "error", "data": error["message"]}) + b"\n\n"
    return b"event: error\ndata: " + orjson.dumps(error) + b"\n\n"


def event_stream_response(run_id: str, after: str, fmt: str) -> StreamingHttpResponse:
    """Replay the run's events after ``after`` in the wire format ``fmt``, then follow it live."""
    encode = SSE_ENCODERS[fmt]

    async def body():
        with metrics.active_stream():
            try:
                async for event in follow.tail(run_id, after, idle_every=settings.SSE_KEEPALIVE_SECONDS):
                    if event is None:
                        yield KEEPALIVE
                        continue
                    chunk = encode(event)
                    if chunk:
                        yield chunk
            except Exception as exc:  # Redis went away mid-stream: say so, then end the response
                error = unavailable_from(exc)
                if error is None:
                    raise
                yield transport_error(fmt, error.as_dict())

    response = StreamingHttpResponse(body(), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    response["X-Run-Id"] = run_id  # a client whose connection drops before the first event can still resume
    return response


@require_GET
async def run_events(request, run_id: str):
    user = await authenticate(request)
    if user is None:
        return unauthenticated()
    fmt = request.GET.get("format", "native")
    if fmt not in SSE_ENCODERS:
        return error_response(InvalidRequest(FORMAT_ERROR))
    try:
        after = follow.valid_event_id(request.headers.get("Last-Event-ID") or request.GET.get("after"))
    except ValueError:
        return error_response(InvalidRequest("Last-Event-ID is not an event id."))
    try:
        await sync_to_async(run_owned, thread_sensitive=False)(user_id=user.id, run_id=run_id)
    except DomainError as exc:
        return error_response(exc)
    return event_stream_response(run_id, after, fmt)
