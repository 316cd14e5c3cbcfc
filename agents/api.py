"""REST for conversations, messages, the synchronous chat and usage (docs/api.md). Thin: validate, call, serialize."""

from __future__ import annotations

import asyncio
from datetime import datetime
from urllib.parse import urlencode

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from agents import history
from agents.serializers import (
    BranchSelectSerializer,
    BranchSerializer,
    ChatSerializer,
    ConversationCreateSerializer,
    ConversationExportSerializer,
    ConversationPageSerializer,
    ConversationRenameSerializer,
    ConversationSerializer,
    FeedbackSerializer,
    MessagePageSerializer,
    MessageSerializer,
    UsageReportSerializer,
    UsageSummarySerializer,
)
from agents.services import chat_start_async, conversation_delete
from agents.transcript import conversation_markdown
from runs import events, usage
from runs.web import follow
from runs.web.auth import authenticate
from tomato_agent.errors import DomainError, InvalidRequest
from tomato_agent.errors import NotFound as NotFoundError
from tomato_agent.http import MAX_INT, error_response, json_body, query_int, unauthenticated

PAGE_MAX = 100


def _limit(request, default: int = 50) -> int:
    limit = query_int(
        request.query_params, "limit", default=default, minimum=-MAX_INT, message="limit must be a number."
    )
    return max(1, min(PAGE_MAX, limit))


class ConversationListApi(APIView):
    @extend_schema(
        operation_id="conversations_list",
        parameters=[
            OpenApiParameter("before", str, description="`updated_at` of the last conversation seen (from `next`)"),
            OpenApiParameter("limit", int, description="page size, 1 to 100 (default 50)"),
            OpenApiParameter("q", str, description="only those whose title or messages contain this (any case)"),
            OpenApiParameter("archived", bool, description="true: the archived ones instead (default false)"),
            OpenApiParameter("pinned", bool, description="true: only pinned ones; false: only unpinned ones"),
        ],
        responses={200: ConversationPageSerializer},
    )
    def get(self, request):
        params = request.query_params
        before = params.get("before")
        try:
            before_dt = datetime.fromisoformat(before.replace(" ", "+")) if before else None
        except ValueError:
            raise InvalidRequest("before must be an ISO timestamp.") from None
        limit = _limit(request)
        filters = {
            "query": params.get("q", ""),
            "archived": bool(_query_bool(params, "archived")),
            "pinned": _query_bool(params, "pinned"),
        }
        page = history.conversations_for(user_id=request.user.id, before=before_dt, limit=limit, **filters)
        next_url = None
        if len(page) == limit:
            kept = {key: params[key] for key in ("q", "archived", "pinned") if key in params}
            query = urlencode({"limit": limit, "before": page[-1]["updated_at"].isoformat(), **kept})
            next_url = request.build_absolute_uri(f"{request.path}?{query}")
        return Response({"results": ConversationSerializer(page, many=True).data, "next": next_url})

    @extend_schema(request=ConversationCreateSerializer, responses={201: ConversationSerializer})
    def post(self, request):
        data = ConversationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        doc = history.conversation_create(user_id=request.user.id, title=data.validated_data["title"])
        return Response(ConversationSerializer(doc).data, status=status.HTTP_201_CREATED)


class ConversationDetailApi(APIView):
    @extend_schema(responses={200: ConversationSerializer})
    def get(self, request, conversation_id: str):
        doc = history.conversation_get(user_id=request.user.id, conversation_id=conversation_id)
        return Response(ConversationSerializer(doc).data)

    @extend_schema(request=ConversationRenameSerializer, responses={200: ConversationSerializer})
    def patch(self, request, conversation_id: str):
        data = ConversationRenameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        doc = history.conversation_update(
            user_id=request.user.id, conversation_id=conversation_id, **data.validated_data
        )
        return Response(ConversationSerializer(doc).data)

    @extend_schema(responses={204: None})
    def delete(self, request, conversation_id: str):
        conversation_delete(user_id=request.user.id, conversation_id=conversation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IgnoreFormatNegotiation(BaseContentNegotiation):
    """JSON whatever ``?format=`` says: the export's ``format`` chooses Markdown or JSON itself."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ConversationExportApi(APIView):
    content_negotiation_class = IgnoreFormatNegotiation

    @extend_schema(
        operation_id="conversations_export",
        parameters=[OpenApiParameter("format", str, enum=["md", "json"], description="default md")],
        responses={
            (200, "application/json"): ConversationExportSerializer,
            (200, "text/markdown"): OpenApiTypes.STR,
        },
        description="The whole conversation as a download: Markdown (roles, times, answers as written) or "
        "JSON (the conversation and its messages as the API serializes them).",
    )
    def get(self, request, conversation_id: str):
        kind = request.query_params.get("format", "md")
        if kind not in ("md", "json"):
            raise InvalidRequest("format must be md or json.")
        conversation = history.conversation_get(user_id=request.user.id, conversation_id=conversation_id)
        messages = history.messages_for_export(user_id=request.user.id, conversation_id=conversation_id)
        filename = f"conversation-{conversation_id}.{kind}"
        if kind == "json":
            body = ConversationExportSerializer({"conversation": conversation, "messages": messages}).data
            response = Response(body)
        else:
            response = HttpResponse(
                conversation_markdown(conversation, messages), content_type="text/markdown; charset=utf-8"
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _query_bool(params, name: str) -> bool | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise InvalidRequest(f"{name} must be true or false.")


class MessageListApi(APIView):
    @extend_schema(
        operation_id="conversations_messages_list",
        parameters=[
            OpenApiParameter("before", int, description="sequence number: the page ends just before it"),
            OpenApiParameter("limit", int, description="page size, 1 to 100 (default 50)"),
        ],
        responses={200: MessagePageSerializer},
    )
    def get(self, request, conversation_id: str):
        before_seq = query_int(request.query_params, "before", message="before must be a message sequence number.")
        limit = _limit(request)
        page = history.messages_for(
            user_id=request.user.id, conversation_id=conversation_id, before=before_seq, limit=limit
        )
        next_url = None
        if len(page) == limit and page[0]["seq"] > 1:
            next_url = request.build_absolute_uri(f"{request.path}?limit={limit}&before={page[0]['seq']}")
        return Response({"results": MessageSerializer(page, many=True).data, "next": next_url})


class BranchApi(APIView):
    @extend_schema(
        operation_id="conversations_branch_select",
        request=BranchSelectSerializer,
        responses={200: BranchSerializer},
        description="Show the branch through a message (an alternative answer or an edited message): it "
        "continues with the newest message at each step below it.",
    )
    def post(self, request, conversation_id: str):
        data = BranchSelectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        leaf = history.branch_select(
            user_id=request.user.id, conversation_id=conversation_id, message_id=data.validated_data["message_id"]
        )
        return Response({"conversation_id": conversation_id, "leaf_id": leaf})


class FeedbackApi(APIView):
    @extend_schema(
        operation_id="messages_feedback_set",
        request=FeedbackSerializer,
        responses={200: FeedbackSerializer},
        description="Thumbs up or down on one of your answers, with an optional comment; rating null clears it.",
    )
    def put(self, request, message_id: str):
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        feedback = history.message_feedback_set(
            user_id=request.user.id,
            message_id=message_id,
            rating=data.validated_data["rating"],
            comment=data.validated_data["comment"],
        )
        return Response(FeedbackSerializer(feedback).data)


@csrf_exempt
@require_POST
async def chat_sync(request):
    """``POST /api/chat``: start a run, wait for its end, answer JSON."""
    user = await authenticate(request)
    if user is None:
        return unauthenticated()
    try:
        body = ChatSerializer(data=json_body(request))
        if not body.is_valid():
            return JsonResponse(body.errors, status=400)
        data = body.validated_data
        started = await chat_start_async(
            user=user,
            conversation_id=data["conversation_id"],
            content=data["message"],
            edit_of=data["edit_of"],
            regenerate_of=data["regenerate_of"],
            leaf_id=data["leaf_id"],
            workflow_id=data["workflow_id"],
            agent_id=data["agent_id"],
            if_busy=data["if_busy"],
        )
    except DomainError as exc:
        return error_response(exc)

    async def wait_for_end():
        async for event in follow.tail(started.run_id):
            if event is not None and event.terminal:
                return event
        return None

    try:
        terminal = await asyncio.wait_for(wait_for_end(), timeout=settings.RUN_HARD_TIME_LIMIT + 30)
    except TimeoutError:
        return JsonResponse({"error": {"code": "llm_timeout", "message": "The run did not finish in time."},
                             "run_id": started.run_id}, status=504)  # fmt: skip
    data = terminal.data
    if terminal.type == events.ERROR:
        return JsonResponse({"error": data, "conversation_id": started.conversation_id, "run_id": started.run_id},
                            status=502 if data.get("code", "").startswith("llm") else 500)  # fmt: skip
    message = await sync_to_async(history.message_get, thread_sensitive=False)(
        user_id=user.id, message_id=data["message_id"]
    )
    return JsonResponse({
        "conversation_id": started.conversation_id,
        "run_id": started.run_id,
        "status": "cancelled" if terminal.type == events.CANCELLED else "succeeded",
        "message": MessageSerializer(message).data,
        "usage": message.get("usage"),
    })  # fmt: skip


def _date_range(request):
    return usage.parse_range(request.query_params.get("from"), request.query_params.get("to"))


USAGE_RANGE = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="first day (default: the first of this month)"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="last day, inclusive (default: today); at most a year"),
]


class UsageApi(APIView):
    @extend_schema(parameters=USAGE_RANGE, responses={200: UsageReportSerializer})
    def get(self, request):
        start, end = _date_range(request)
        rows = history.usage_by_day(user_id=request.user.id, start=start, end=end)
        return Response({"from": start, "to": end, "total": usage.totals(rows), "by_day": rows})


class UsageSummaryApi(APIView):
    """Staff only: usage per user across the platform."""

    @extend_schema(parameters=USAGE_RANGE, responses={200: UsageSummarySerializer})
    def get(self, request):
        from django.contrib.auth import get_user_model

        if not request.user.is_staff:
            raise NotFoundError()
        start, end = _date_range(request)
        rows = history.usage_by_user_for_staff(start=start, end=end)
        names = dict(get_user_model().objects.filter(id__in=[r["user_id"] for r in rows]).values_list("id", "username"))
        for row in rows:
            row["username"] = names.get(row["user_id"])
        return Response({"from": start, "to": end, "total": usage.totals(rows), "by_user": rows})
