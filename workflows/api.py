"""Workflow REST API: CRUD, versions, FlowGram import/export, and runs by id (docs/api.md).

Visibility: own and shared workflows; another user's private workflow is a 404
everywhere, and changing another user's shared one is a 403. Thin views:
validate the shape, call a service or selector, serialize.
"""

from __future__ import annotations

import re

from asgiref.sync import sync_to_async
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from runs import usage as usage_costs
from runs.web.auth import authenticate
from tomato_agent.errors import DomainError, InvalidRequest
from tomato_agent.http import error_response, json_body, unauthenticated
from tomato_agent.logging import get_context
from workflows import selectors, services
from workflows.admission import workflow_run_start
from workflows.serializers import (
    RunStartedSerializer,
    WorkflowChangeSerializer,
    WorkflowDetailSerializer,
    WorkflowInputSerializer,
    WorkflowListQuerySerializer,
    WorkflowPageSerializer,
    WorkflowRunInputSerializer,
    WorkflowRunPageSerializer,
    WorkflowRunReportSerializer,
    WorkflowRunSummarySerializer,
    WorkflowSerializer,
    WorkflowVersionDetailSerializer,
    WorkflowVersionPageSerializer,
    WorkflowVersionSerializer,
)

_ID = OpenApiParameter("workflow_id", OpenApiTypes.INT, OpenApiParameter.PATH)
_VERSION = OpenApiParameter("version", OpenApiTypes.INT, OpenApiParameter.PATH)


class WorkflowCursorPagination(CursorPagination):
    ordering = ("-updated_at", "-id")
    page_size = 50
    page_size_query_param = "limit"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response({"results": data, "next": self.get_next_link()})


def _detail(request, workflow, code=status.HTTP_200_OK) -> Response:
    return Response(WorkflowDetailSerializer(workflow, context={"request": request}).data, status=code)


class WorkflowListApi(APIView):
    @extend_schema(
        operation_id="workflows_list",
        parameters=[OpenApiParameter("q", str), OpenApiParameter("cursor", str), OpenApiParameter("limit", int)],
        responses={200: WorkflowPageSerializer},
        description="Your own and shared workflows, most recently changed first.",
    )
    def get(self, request):
        query = WorkflowListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)  # a NUL byte or an overlong text is a 400, not a database error
        workflows = selectors.workflow_list(user=request.user, q=query.validated_data["q"])
        paginator = WorkflowCursorPagination()
        page = paginator.paginate_queryset(workflows, request, view=self)
        data = WorkflowSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="workflows_create", request=WorkflowInputSerializer, responses={201: WorkflowDetailSerializer}
    )
    def post(self, request):
        data = WorkflowInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workflow = services.workflow_create(user=request.user, **data.validated_data)
        return _detail(request, workflow, status.HTTP_201_CREATED)


class WorkflowImportApi(APIView):
    @extend_schema(
        operation_id="workflows_import",
        parameters=[OpenApiParameter("name", str), OpenApiParameter("shared", bool)],
        request=OpenApiTypes.OBJECT,
        responses={201: WorkflowDetailSerializer},
        description="The body is a FlowGram document exactly as FlowGram's editor exports it "
        "(`{nodes, edges}`), or this API's export envelope `{name, description, schema}`.",
    )
    def post(self, request):
        shared = request.query_params.get("shared", "false").lower() in ("1", "true", "yes")
        workflow = services.workflow_import(
            user=request.user, body=request.data, name=request.query_params.get("name") or None, shared=shared
        )
        return _detail(request, workflow, status.HTTP_201_CREATED)


class WorkflowDetailApi(APIView):
    @extend_schema(operation_id="workflows_read", parameters=[_ID], responses={200: WorkflowDetailSerializer})
    def get(self, request, workflow_id: int):
        return _detail(request, selectors.workflow_get(user=request.user, workflow_id=workflow_id))

    @extend_schema(
        operation_id="workflows_change",
        parameters=[_ID],
        request=WorkflowChangeSerializer,
        responses={200: WorkflowDetailSerializer},
        description="A changed document, name or description is saved as a new version.",
    )
    def patch(self, request, workflow_id: int):
        data = WorkflowChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workflow = services.workflow_update(user=request.user, workflow_id=workflow_id, **data.validated_data)
        return _detail(request, workflow)

    @extend_schema(operation_id="workflows_delete", parameters=[_ID], responses={204: None})
    def delete(self, request, workflow_id: int):
        services.workflow_delete(user=request.user, workflow_id=workflow_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _filename(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:60] or "workflow"
    return f"{slug}.flowgram.json"


class WorkflowExportApi(APIView):
    @extend_schema(
        operation_id="workflows_export",
        parameters=[_ID, OpenApiParameter("version", int), OpenApiParameter("envelope", bool)],
        responses={200: OpenApiTypes.OBJECT},
        description="The FlowGram document as stored (it opens in FlowGram's editor); "
        "`envelope=true` wraps it as `{name, description, version, schema}`.",
    )
    def get(self, request, workflow_id: int):
        workflow = selectors.workflow_get(user=request.user, workflow_id=workflow_id)
        name, description, version, document = workflow.name, workflow.description, workflow.version, workflow.schema
        if request.query_params.get("version"):
            try:
                number = int(request.query_params["version"])
            except ValueError:
                raise InvalidRequest("version must be a number.") from None
            old = selectors.workflow_version_get(user=request.user, workflow_id=workflow.pk, version=number)
            name, description, version, document = old.name, old.description, old.version, old.schema
        envelope = request.query_params.get("envelope", "false").lower() in ("1", "true", "yes")
        body = (
            document
            if not envelope
            else {
                "name": name,
                "description": description,
                "version": version,
                "schema": document,
            }
        )
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="{_filename(name)}"'
        return response


class WorkflowVersionListApi(APIView):
    @extend_schema(operation_id="workflows_versions", parameters=[_ID], responses={200: WorkflowVersionPageSerializer})
    def get(self, request, workflow_id: int):
        versions = selectors.workflow_versions(user=request.user, workflow_id=workflow_id)[:200]
        return Response({"results": WorkflowVersionSerializer(versions, many=True).data, "next": None})


class WorkflowVersionDetailApi(APIView):
    @extend_schema(
        operation_id="workflows_version_read",
        parameters=[_ID, _VERSION],
        responses={200: WorkflowVersionDetailSerializer},
    )
    def get(self, request, workflow_id: int, version: int):
        old = selectors.workflow_version_get(user=request.user, workflow_id=workflow_id, version=version)
        return Response(WorkflowVersionDetailSerializer(old).data)


class WorkflowVersionRestoreApi(APIView):
    @extend_schema(
        operation_id="workflows_version_restore",
        parameters=[_ID, _VERSION],
        request=None,
        responses={200: WorkflowDetailSerializer},
        description="Make this version current again, saved as a new version.",
    )
    def post(self, request, workflow_id: int, version: int):
        workflow = services.workflow_restore(user=request.user, workflow_id=workflow_id, version=version)
        return _detail(request, workflow)


class WorkflowRunListApi(APIView):
    @extend_schema(
        operation_id="workflows_runs",
        parameters=[_ID, OpenApiParameter("limit", int)],
        responses={200: WorkflowRunPageSerializer},
        description="Your own runs of this workflow, newest first.",
    )
    def get(self, request, workflow_id: int):
        try:
            limit = max(1, min(100, int(request.query_params.get("limit", 20))))
        except ValueError:
            raise InvalidRequest("limit must be a number.") from None
        runs = selectors.workflow_runs(user=request.user, workflow_id=workflow_id, limit=limit)
        return Response({"results": WorkflowRunSummarySerializer(runs, many=True).data, "next": None})

    @extend_schema(
        operation_id="workflows_run",
        parameters=[_ID],
        request=WorkflowRunInputSerializer,
        responses={202: RunStartedSerializer},
        description="Start a run of the current version with `inputs` for the start node. Follow it with "
        "`GET /api/runs/{run_id}/events` (SSE) or a WebSocket `resume` frame; 400 `invalid_request` with "
        "`errors` when the workflow or the inputs cannot run.",
    )
    def post(self, request, workflow_id: int):  # served by workflow_runs() below; declared for the schema
        raise NotImplementedError


class WorkflowRunDetailApi(APIView):
    @extend_schema(
        operation_id="workflows_run_read",
        parameters=[_ID, OpenApiParameter("run_id", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses={200: WorkflowRunReportSerializer},
        description="One of your runs of this workflow with its per-node report (live while it runs).",
    )
    def get(self, request, workflow_id: int, run_id: str):
        workflow = selectors.workflow_get(user=request.user, workflow_id=workflow_id)
        run = selectors.workflow_run_get(user=request.user, workflow=workflow, run_id=run_id)
        return Response(WorkflowRunReportSerializer(run).data)


_run_list = WorkflowRunListApi.as_view()


@csrf_exempt  # token clients need no CSRF; session users are checked in authenticate()
async def workflow_runs(request, workflow_id: int):
    """``/api/workflows/{id}/runs``: GET lists (DRF); POST starts a run, asynchronously.

    Starting is async so that many concurrent starts do not queue behind one
    another in Django's one thread for sync views: the ORM reads (the workflow,
    the budget) run there, the Redis and MongoDB writes of the admission in a
    thread of their own.
    """
    if request.method != "POST":
        return await sync_to_async(_run_list)(request, workflow_id=workflow_id)
    user = await authenticate(request)
    if user is None:
        return unauthenticated()
    try:
        data = WorkflowRunInputSerializer(data=json_body(request))
        if not data.is_valid():
            return JsonResponse(data.errors, status=400)
        workflow = await sync_to_async(selectors.workflow_get)(user=user, workflow_id=workflow_id)
        budget = await sync_to_async(usage_costs.budget_left)(user_id=user.id)
        started = await sync_to_async(workflow_run_start, thread_sensitive=False)(
            user=user,
            document=workflow.schema,
            inputs=data.validated_data["inputs"],
            source="workflow",
            workflow=workflow,
            trace_id=get_context().get("trace_id") or "",
            budget=budget,
        )
    except DomainError as exc:
        return error_response(exc)
    body = {
        "run_id": started.run_id,
        "workflow_id": workflow.pk,
        "version": workflow.version,
        "events_url": f"/api/runs/{started.run_id}/events",
    }
    return JsonResponse(body, status=202)


# drf-spectacular describes the route from the DRF view's methods (GET and POST).
workflow_runs.cls = WorkflowRunListApi
workflow_runs.initkwargs = {}
