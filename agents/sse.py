"""Chat over server-sent events: ``POST /api/chat/stream`` and the GenOS-style ``POST /chat/stream``.

Both start a chat turn and answer with the run's event stream
(:func:`runs.web.sse.event_stream_response`); a dropped client resumes with
``GET /api/runs/{id}/events``.
"""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import sync_to_async
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from agents.services import chat_start_async
from runs.web.auth import authenticate
from runs.web.encoders import SSE_ENCODERS
from runs.web.sse import FORMAT_ERROR, event_stream_response
from tomato_agent.errors import DomainError, InvalidRequest
from tomato_agent.http import error_response, json_body, unauthenticated

log = logging.getLogger(__name__)
_recording: set[asyncio.Task] = set()  # strong references until each record is written


async def _record(started) -> None:
    try:
        await sync_to_async(started.record, thread_sensitive=False)()
    except Exception:
        log.exception("recording the user message of run %s failed", started.run_id)


def _record_while_streaming(started) -> None:
    """Store the turn while its answer already streams (the worker needs none of it to start)."""
    task = asyncio.ensure_future(_record(started))
    _recording.add(task)
    task.add_done_callback(_recording.discard)


async def _start(
    request,
    *,
    conversation_id,
    content,
    create_missing: bool = False,
    workflow_id=None,
    agent_id=None,
    if_busy=None,
    edit_of=None,
    regenerate_of=None,
    leaf_id=None,
):
    user = await authenticate(request)
    if user is None:
        return None, unauthenticated()
    try:
        started = await chat_start_async(
            user=user, conversation_id=conversation_id, content=content, create_missing=create_missing,
            defer_record=True, workflow_id=workflow_id, agent_id=agent_id, if_busy=if_busy, edit_of=edit_of,
            regenerate_of=regenerate_of, leaf_id=leaf_id,
        )  # fmt: skip
    except DomainError as exc:
        return None, error_response(exc)
    _record_while_streaming(started)
    return started, None


@csrf_exempt  # token clients need no CSRF; session users are checked in authenticate()
@require_POST
async def chat_stream(request):
    fmt = request.GET.get("format", "native")
    if fmt not in SSE_ENCODERS:
        return error_response(InvalidRequest(FORMAT_ERROR))
    try:
        body = json_body(request)
    except DomainError as exc:
        return error_response(exc)
    started, failure = await _start(
        request,
        conversation_id=body.get("conversation_id"),
        content=body.get("message"),
        workflow_id=body.get("workflow_id"),
        agent_id=body.get("agent_id"),
        if_busy=body.get("if_busy"),
        edit_of=body.get("edit_of"),
        regenerate_of=body.get("regenerate_of"),
        leaf_id=body.get("leaf_id"),
    )
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
