"""Server-sent events: ``POST /api/chat/stream``, ``GET /api/runs/{id}/events`` and ``POST /chat/stream``."""

from __future__ import annotations

import json

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from agents import history, runs, stream
from agents.auth import authenticate
from agents.encoders import KEEPALIVE, SSE_ENCODERS
from tomato_agent import metrics
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
    if len(request.body) > MAX_BODY_BYTES:
        raise InvalidRequest("The request body is too large.")
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidRequest("The body must be JSON.") from None
    if not isinstance(body, dict):
        raise InvalidRequest("The body must be a JSON object.")
    return body


def event_stream_response(run_id: str, after: str, fmt: str) -> StreamingHttpResponse:
    encode = SSE_ENCODERS[fmt]

    async def body():
        with metrics.active_stream():
            async for event in stream.tail(run_id, after, idle_every=settings.SSE_KEEPALIVE_SECONDS):
                if event is None:
                    yield KEEPALIVE
                    continue
                chunk = encode(event)
                if chunk:
                    yield chunk

    response = StreamingHttpResponse(body(), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


async def _start(request, *, conversation_id, content, create_missing: bool = False):
    user = await authenticate(request)
    if user is None:
        return None, unauthenticated()
    try:
        started = await runs.run_start_async(
            user=user, conversation_id=conversation_id, content=content, create_missing=create_missing
        )
    except DomainError as exc:
        return None, error_response(exc)
    return started, None


@csrf_exempt  # token clients need no CSRF; session users are checked in authenticate()
@require_POST
async def chat_stream(request):
    fmt = request.GET.get("format", "native")
    if fmt not in SSE_ENCODERS:
        return error_response(InvalidRequest("format must be native, genos or spotlight."))
    try:
        body = json_body(request)
    except DomainError as exc:
        return error_response(exc)
    started, failure = await _start(request, conversation_id=body.get("conversation_id"), content=body.get("message"))
    if failure:
        return failure
    return event_stream_response(started.run_id, "0-0", fmt)


@csrf_exempt
@require_POST
async def genos_chat_stream(request):
    """The GenOS/Flowise-style endpoint: ``{question, chatId?}``. Extra keys are ignored."""
    try:
        body = json_body(request)
    except DomainError as exc:
        return error_response(exc)
    chat_id = body.get("chatId") or None
    started, failure = await _start(request, conversation_id=chat_id, content=body.get("question"), create_missing=True)
    if failure:
        return failure
    return event_stream_response(started.run_id, "0-0", "genos")


@require_GET
async def run_events(request, run_id: str):
    user = await authenticate(request)
    if user is None:
        return unauthenticated()
    fmt = request.GET.get("format", "native")
    if fmt not in SSE_ENCODERS:
        return error_response(InvalidRequest("format must be native, genos or spotlight."))
    try:
        after = stream.valid_event_id(request.headers.get("Last-Event-ID") or request.GET.get("after"))
    except ValueError:
        return error_response(InvalidRequest("Last-Event-ID is not an event id."))
    try:
        await sync_to_async(history.run_get, thread_sensitive=False)(user_id=user.id, run_id=run_id)
    except DomainError as exc:
        return error_response(exc)
    return event_stream_response(run_id, after, fmt)
