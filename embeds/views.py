"""The widget's public side: ``/embed.js`` and ``/embed/{token}/…`` (session, conversations, chat, resume).

Every ``/embed/{token}/…`` answer is for the embed's allowed origins only:
a request from any other origin (or none) is a 403 without CORS headers, so
the browser refuses it too; allowed origins get ``Access-Control-Allow-Origin``
for themselves and a CSP whose ``frame-ancestors`` names only them. The
visitor is the signed id in ``X-Tomato-Visitor`` (no cookies: a third-party
cookie would not survive in today's browsers).
"""

from __future__ import annotations

import functools
from pathlib import Path

from asgiref.sync import sync_to_async
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from accounts.throttling import client_ip
from embeds import services
from embeds.models import Embed
from runs.web import follow
from runs.web.sse import event_stream_response
from tomato_agent.errors import DomainError, InvalidRequest
from tomato_agent.http import error_response, json_body

WIDGET = Path(__file__).resolve().parent / "static" / "embeds" / "embed.js"
VISITOR_HEADER = "X-Tomato-Visitor"
ALLOW_HEADERS = f"Content-Type, Last-Event-ID, {VISITOR_HEADER}"
EXPOSE_HEADERS = "X-Run-Id, X-Conversation-Id"


class OriginNotAllowed(DomainError):
    code = "origin_not_allowed"
    status = 403
    message = "This chat widget is not enabled for this website."


class NoVisitor(DomainError):
    code = "not_authenticated"
    status = 401
    message = "Start a session first (POST /embed/{token}/session)."


def _cors(response, embed: Embed, origin: str):
    response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    response["Vary"] = "Origin"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors " + " ".join(embed.allowed_origins)
    response["Cache-Control"] = "no-store" if not response.has_header("Cache-Control") else response["Cache-Control"]
    return response


def widget_endpoint(methods: tuple[str, ...]):
    """Wrap a visitor view: the embed, the origin check, CORS preflight, the visitor, errors as JSON."""

    def decorate(view):
        @csrf_exempt  # no cookies are involved: the visitor is a header
        @functools.wraps(view)
        async def wrapper(request, token: str, **kwargs):
            origin = request.headers.get("Origin")
            try:
                embed = await sync_to_async(services.embed_for_token)(token)
            except DomainError as exc:
                return error_response(exc)
            if not services.origin_allowed(embed, origin):
                return error_response(OriginNotAllowed())
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Access-Control-Allow-Methods"] = ", ".join((*methods, "OPTIONS"))
                response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
                response["Access-Control-Max-Age"] = "600"
                return _cors(response, embed, origin)
            if request.method not in methods:
                return _cors(
                    JsonResponse(
                        {"error": {"code": "method_not_allowed", "message": "Method not allowed."}}, status=405
                    ),
                    embed,
                    origin,
                )
            try:
                response = await view(request, embed, **kwargs)
            except DomainError as exc:
                response = error_response(exc)
            return _cors(response, embed, origin)

        return wrapper

    return decorate


def _visitor(request, embed: Embed) -> str:
    visitor_id = services.visitor_from(embed, request.headers.get(VISITOR_HEADER))
    if visitor_id is None:
        raise NoVisitor()
    return visitor_id


@require_GET
def widget_script(request):
    """``/embed.js``: the widget itself (no dependencies; it reads ``data-embed`` from its own tag)."""
    response = HttpResponse(WIDGET.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@widget_endpoint(("POST",))
async def session(request, embed: Embed):
    """A visitor's session: the widget's settings and the visitor token — a new anonymous one unless it
    sent a valid one, or the host site's user when it sends ``user_id`` and ``user_hash``."""
    body = json_body(request)
    visitor_token = body.get("visitor")
    if body.get("user_id") is not None:  # the host site says who its user is (data-user-id, data-user-hash)
        _, visitor_token = services.visitor_identified(embed, user_id=body["user_id"], user_hash=body.get("user_hash"))
    elif services.visitor_from(embed, visitor_token) is None:
        _, visitor_token = services.visitor_issue(embed)
    return JsonResponse(
        {
            "visitor": visitor_token,
            "title": embed.name,
            "greeting": embed.greeting,
            "theme_color": embed.theme_color,
        }
    )


@widget_endpoint(("GET",))
async def conversations(request, embed: Embed):
    visitor_id = _visitor(request, embed)
    docs = await sync_to_async(services.visitor_conversations, thread_sensitive=False)(embed, visitor_id=visitor_id)
    return JsonResponse(
        {"results": [{"id": d["_id"], "title": d["title"], "updated_at": d["updated_at"].isoformat()} for d in docs]}
    )


@widget_endpoint(("GET",))
async def messages(request, embed: Embed, conversation_id: str):
    visitor_id = _visitor(request, embed)
    docs = await sync_to_async(services.visitor_messages, thread_sensitive=False)(
        embed, visitor_id=visitor_id, conversation_id=conversation_id
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": d["_id"],
                    "role": d["role"],
                    "content": d.get("content", ""),
                    "status": d.get("status"),
                    "run_id": d.get("run_id"),
                }
                for d in docs
            ]
        }
    )


@widget_endpoint(("POST",))
async def chat(request, embed: Embed):
    """Send a visitor's message; the answer streams back (native SSE, ``X-Run-Id``, ``X-Conversation-Id``)."""
    visitor_id = _visitor(request, embed)
    await sync_to_async(services.visitor_limits)(embed, visitor_id=visitor_id, ip=client_ip(request))
    body = json_body(request)
    conversation_id = body.get("conversation_id")
    if conversation_id is not None and not isinstance(conversation_id, str):
        raise InvalidRequest("conversation_id must be a string.")
    started = await sync_to_async(services.visitor_chat_start, thread_sensitive=False)(
        embed, visitor_id=visitor_id, content=body.get("message"), conversation_id=conversation_id
    )
    response = event_stream_response(started.run_id, "0-0", "native")
    response["X-Conversation-Id"] = started.conversation_id
    return response


@widget_endpoint(("GET",))
async def run_events(request, embed: Embed, run_id: str):
    """Resume one of the visitor's runs after ``Last-Event-ID`` (or ``?after=``)."""
    visitor_id = _visitor(request, embed)
    try:
        after = follow.valid_event_id(request.headers.get("Last-Event-ID") or request.GET.get("after"))
    except ValueError:
        raise InvalidRequest("Last-Event-ID is not an event id.") from None
    await sync_to_async(services.visitor_run, thread_sensitive=False)(embed, visitor_id=visitor_id, run_id=run_id)
    return event_stream_response(run_id, after, "native")
