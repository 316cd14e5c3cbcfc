"""``/v1/models`` and ``/v1/chat/completions``: Tomato agents behind the OpenAI Chat Completions API.

A completion is an ordinary chat run: admitted through ``agents.services``
(the person's caps, budget and the conversation's busy lock), executed by a
worker with the agent's tools, recorded in the owner's history, and followed
here with ``runs.web.follow.tail`` — so it can be watched, resumed and
cancelled like any other run. A client that goes away mid-answer cancels it.
"""

from __future__ import annotations

import asyncio
import logging

import orjson
from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from agents.services import chat_start_async
from openai_api import catalog, threads
from openai_api.errors import error_body, openai_error_response
from openai_api.protocol import BadParameter, ChunkWriter, CompletionRequest, parse_request, run_error
from runs import events, state
from runs.web import follow
from runs.web.auth import authenticate
from runs.web.encoders import KEEPALIVE
from tomato_agent import metrics
from tomato_agent.errors import DomainError, InvalidRequest
from tomato_agent.redis_client import get_redis

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 2 * 1024 * 1024
DONE = b"data: [DONE]\n\n"


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    message = "Send an API key as `Authorization: Bearer tmt_…` (create one on the settings page or at /api/keys)."


def _body(request) -> dict:
    if len(request.body) > MAX_BODY_BYTES:
        raise InvalidRequest(f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    try:
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError:
        raise InvalidRequest("The body must be JSON.") from None
    if not isinstance(body, dict):
        raise InvalidRequest("The body must be a JSON object.")
    return body


@require_GET
async def models_list(request):
    user = await authenticate(request)
    if user is None:
        return openai_error_response(NotAuthenticated())
    models = await sync_to_async(catalog.models_for)(user=user)
    return JsonResponse({"object": "list", "data": [model.as_openai() for model in models]})


@require_GET
async def model_detail(request, model_id: str):
    user = await authenticate(request)
    if user is None:
        return openai_error_response(NotAuthenticated())
    try:
        model = await sync_to_async(catalog.model_for)(user=user, model_id=model_id)
    except DomainError as exc:
        return openai_error_response(exc, param="model")
    return JsonResponse(model.as_openai())


@csrf_exempt  # API keys and tokens need no CSRF; session users are checked in authenticate()
@require_POST
async def chat_completions(request):
    user = await authenticate(request)
    if user is None:
        return openai_error_response(NotAuthenticated())
    try:
        completion = parse_request(_body(request))
        model = await sync_to_async(catalog.model_for)(user=user, model_id=completion.model)
    except BadParameter as exc:
        return openai_error_response(exc, param=exc.param)
    except DomainError as exc:
        return openai_error_response(exc, param="model" if exc.code == "model_not_found" else None)
    try:
        conversation_id = await sync_to_async(threads.conversation_for, thread_sensitive=False)(
            user_id=user.id,
            model=model.id,
            history_messages=completion.history,
            conversation_id=completion.conversation_id,
            agent_id=model.agent_id,
        )
        started = await chat_start_async(
            user=user, conversation_id=conversation_id, content=completion.prompt, agent_id=model.agent_id
        )
    except DomainError as exc:
        param = (
            "conversation_id" if exc.code in ("not_found", "invalid_request") and completion.conversation_id else None
        )
        return openai_error_response(exc, param=param)
    writer = ChunkWriter(
        completion_id=f"chatcmpl-{started.run_id}", model=model.id, include_usage=completion.include_usage
    )
    follow_up = _Remember(
        user_id=user.id, model=model.id, completion=completion, conversation_id=started.conversation_id
    )
    if completion.stream:
        response = StreamingHttpResponse(
            _stream(started.run_id, writer, follow_up), content_type="text/event-stream; charset=utf-8"
        )
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"
    else:
        response = await _complete(started.run_id, writer, follow_up)
    response["X-Conversation-Id"] = started.conversation_id
    response["X-Run-Id"] = started.run_id
    return response


class _Remember:
    """After an answer, remember that the transcript ending with it is this conversation (threads.py)."""

    def __init__(self, *, user_id: int, model: str, completion: CompletionRequest, conversation_id: str) -> None:
        self.user_id, self.model, self.completion, self.conversation_id = user_id, model, completion, conversation_id

    async def __call__(self, terminal: events.Event) -> None:
        if terminal.type == events.ERROR:
            return
        answer = terminal.data.get("content") or ""
        transcript = [*self.completion.history, ("user", self.completion.prompt), ("assistant", answer)]
        try:
            await sync_to_async(threads.thread_remember, thread_sensitive=False)(
                user_id=self.user_id, model=self.model, transcript=transcript, conversation_id=self.conversation_id
            )
        except Exception:  # the answer stands; only the next request's continuity is lost
            log.exception("remembering the conversation of an OpenAI-style completion failed")


def _cancel_abandoned(run_id: str) -> None:
    """The client went away before the end: stop the run (fire and forget, the request task is ending)."""
    try:
        asyncio.get_running_loop().run_in_executor(None, state.request_cancel, get_redis(), run_id)
    except RuntimeError:  # no loop left (the response was dropped unread): ask directly
        state.request_cancel(get_redis(), run_id)


def _data(payload: dict) -> bytes:
    return b"data: " + orjson.dumps(payload) + b"\n\n"


async def _stream(run_id: str, writer: ChunkWriter, remember: _Remember):
    finished = False
    try:
        with metrics.active_stream():
            yield _data(writer.first())
            async for event in follow.tail(run_id, idle_every=settings.SSE_KEEPALIVE_SECONDS):
                if event is None:
                    yield KEEPALIVE
                    continue
                if not event.terminal:
                    chunk = writer.feed(event)
                    if chunk is not None:
                        yield _data(chunk)
                    continue
                finished = True
                if event.type == events.ERROR:
                    yield _data(error_body(run_error(event)))
                else:
                    await remember(event)
                    for chunk in writer.last(event):
                        yield _data(chunk)
                yield DONE
                return
    finally:
        if not finished:
            _cancel_abandoned(run_id)


async def _complete(run_id: str, writer: ChunkWriter, remember: _Remember) -> JsonResponse:
    async def until_end():
        async for event in follow.tail(run_id):
            if event.terminal:
                return event
            writer.feed(event)
        return None

    finished = False
    try:
        terminal = await asyncio.wait_for(until_end(), timeout=settings.RUN_HARD_TIME_LIMIT + 30)
        finished = True
    except TimeoutError:
        return openai_error_response(
            DomainError("The run did not finish in time.", code="llm_timeout", status_code=504)
        )
    finally:
        if not finished:
            _cancel_abandoned(run_id)
    if terminal.type == events.ERROR:
        return openai_error_response(run_error(terminal))
    await remember(terminal)
    return JsonResponse(writer.completion(terminal))
