"""FlowGram's task API, answered the way FlowGram's runtime answers it (``/api/task/*``).

| route | request | answer |
| --- | --- | --- |
| ``POST /api/task/run`` | ``{schema: <JSON string>, inputs}`` | ``{taskID}`` |
| ``GET /api/task/result?taskID=`` | | the outputs once the task ended, ``null`` before |
| ``GET /api/task/report?taskID=`` | | ``{id, inputs, outputs, workflowStatus, reports, messages}`` |
| ``PUT /api/task/cancel`` | ``{taskID}`` | ``{success}`` |
| ``POST /api/task/validate`` | ``{schema, inputs}`` | ``{valid, errors}`` |

A task is a workflow run of its caller on the run spine (the task id is the
run id: ``/api/runs/{id}/events`` streams it, the WebSocket resumes it). Unlike
FlowGram's runtime, tasks survive restarts (the report is in MongoDB), the
report is live while the task runs (folded from its events), and cancel stops
an LLM call or HTTP request in flight. Another user's task id is a 404.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from runs import events
from runs.web.admission import RunFinished, run_cancel
from tomato_agent.errors import DomainError, InvalidRequest, NotFound
from tomato_agent.logging import get_context
from tomato_agent.redis_client import get_redis
from workflows.admission import schema_errors, workflow_run_start
from workflows.documents import document_parse
from workflows.reporting import flowgram_report, live_nodes
from workflows.selectors import workflow_run_current

TASK_ID = OpenApiParameter("taskID", str, required=True)
TASK_BODY = inline_serializer(
    "TaskRunInput",
    {
        "schema": serializers.CharField(help_text="The FlowGram document as a JSON string (an object is taken too)."),
        "inputs": serializers.DictField(required=False),
    },
)


class TaskNotFound(NotFound):
    message = "Task not found."


def _task_id(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequest("taskID is required.")
    return value.strip()


def task_get(*, user, task_id) -> dict:
    """The caller's workflow run by task id, its status brought up to date; TaskNotFound otherwise."""
    try:
        return workflow_run_current(user=user, run_id=_task_id(task_id))
    except NotFound:
        raise TaskNotFound() from None


def _inputs(data) -> dict:
    inputs = data.get("inputs")
    if inputs is None:
        return {}
    if not isinstance(inputs, dict):
        raise InvalidRequest("inputs must be a JSON object.")
    return inputs


class TaskRunApi(APIView):
    @extend_schema(
        operation_id="task_run",
        tags=["task"],
        request=TASK_BODY,
        responses={200: inline_serializer("TaskRunOutput", {"taskID": serializers.CharField()})},
        description="Start a workflow task; 400 `invalid_request` with `errors` if it cannot run.",
    )
    def post(self, request):
        document = document_parse(request.data.get("schema"))
        started = workflow_run_start(
            user=request.user,
            document=document,
            inputs=_inputs(request.data),
            source="task",
            trace_id=get_context().get("trace_id") or "",
        )
        return Response({"taskID": started.run_id})


class TaskResultApi(APIView):
    @extend_schema(
        operation_id="task_result",
        tags=["task"],
        parameters=[TASK_ID],
        responses={200: OpenApiTypes.OBJECT},
        description="The workflow's outputs once the task has ended; `null` while it runs.",
    )
    def get(self, request):
        run = task_get(user=request.user, task_id=request.query_params.get("taskID"))
        if run["status"] not in events.FINISHED:
            return HttpResponse(b"null", content_type="application/json")
        return Response(run.get("outputs") or {})


class TaskReportApi(APIView):
    @extend_schema(
        operation_id="task_report",
        tags=["task"],
        parameters=[TASK_ID],
        responses={200: OpenApiTypes.OBJECT},
        description="`{id, inputs, outputs, workflowStatus, reports, messages}`; live while the task runs.",
    )
    def get(self, request):
        run = task_get(user=request.user, task_id=request.query_params.get("taskID"))
        live = None if run["status"] in events.FINISHED else live_nodes(get_redis(), run["_id"])
        return Response(flowgram_report(run, live=live))


class TaskCancelApi(APIView):
    @extend_schema(
        operation_id="task_cancel",
        tags=["task"],
        request=inline_serializer("TaskCancelInput", {"taskID": serializers.CharField()}),
        responses={200: inline_serializer("TaskCancelOutput", {"success": serializers.BooleanField()})},
        description="Stop the task, LLM calls and HTTP requests in flight included; "
        "`success` is false when it had already ended.",
    )
    def put(self, request):
        run = task_get(user=request.user, task_id=request.data.get("taskID"))
        try:
            run_cancel(user=request.user, run_id=run["_id"])
        except RunFinished:
            return Response({"success": False})
        return Response({"success": True})


class TaskValidateApi(APIView):
    @extend_schema(
        operation_id="task_validate",
        tags=["task"],
        request=TASK_BODY,
        responses={
            200: inline_serializer(
                "TaskValidateOutput",
                {"valid": serializers.BooleanField(), "errors": serializers.ListField(child=serializers.CharField())},
            )
        },
        description="FlowGram's validation rules plus reference, cycle and input checks; each error names its node.",
    )
    def post(self, request):
        try:
            document = document_parse(request.data.get("schema"))
            errors = schema_errors(document, _inputs(request.data))
        except DomainError as exc:
            if exc.status != 400:
                raise
            errors = [exc.message]
        return Response({"valid": not errors, "errors": errors})
