"""REST for runs of any kind: ``GET /api/runs/{id}`` (the report) and ``POST /api/runs/{id}/cancel``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from runs import reports
from runs.liveness import run_status
from runs.web.admission import run_cancel
from tomato_agent.schema import ErrorBodySerializer, RunUsageSerializer


class RunStepSerializer(serializers.Serializer):
    """One step of a run: a model call or a tool call."""

    kind = serializers.CharField(help_text="`llm`, `tool`, or a kind's own step (a workflow node)")
    name = serializers.CharField()
    started_at = serializers.DateTimeField(required=False, allow_null=True)
    duration_ms = serializers.IntegerField(required=False, allow_null=True)
    ok = serializers.BooleanField(required=False, allow_null=True)
    usage = RunUsageSerializer(required=False, allow_null=True)
    call_id = serializers.CharField(required=False, help_text="a tool or sub-agent step: the model's call id")
    agent = serializers.JSONField(required=False, help_text="a sub-agent step: `{id, version, name}`")
    scope = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="a sub-agent step: the scope its events carry"
    )
    status = serializers.CharField(required=False, help_text="a sub-agent step: how it ended")
    model = serializers.CharField(required=False, help_text="a sub-agent step: the model that answered")
    steps = serializers.JSONField(required=False, help_text="a sub-agent step: its own steps (the run's tree)")


class RunSerializer(serializers.Serializer):
    id = serializers.CharField(source="_id")
    kind = serializers.CharField(default="chat")
    conversation_id = serializers.CharField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed", "cancelled"])
    model = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    duration_ms = serializers.IntegerField(allow_null=True)
    steps = RunStepSerializer(many=True)
    usage = RunUsageSerializer(allow_null=True)
    error = ErrorBodySerializer(allow_null=True)
    agent = serializers.JSONField(required=False, help_text="a chat with an agent people built: `{id, version, name}`")


class RunDetailApi(APIView):
    @extend_schema(responses={200: RunSerializer})
    def get(self, request, run_id: str):
        run = reports.report_get(user_id=request.user.id, run_id=run_id)
        run["status"] = run_status(run)
        return Response(RunSerializer(run).data)


class RunCancelApi(APIView):
    @extend_schema(
        request=None,
        responses={
            202: inline_serializer("CancelAccepted", {"status": serializers.CharField(help_text="`cancelling`")})
        },
    )
    def post(self, request, run_id: str):
        state = run_cancel(user=request.user, run_id=run_id)
        return Response({"status": state}, status=status.HTTP_202_ACCEPTED)
