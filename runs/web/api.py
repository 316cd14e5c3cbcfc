"""REST for runs of any kind: ``GET /api/runs/{id}`` (the report) and ``POST /api/runs/{id}/cancel``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from runs import reports
from runs.liveness import run_status
from runs.web.admission import run_cancel


class RunSerializer(serializers.Serializer):
    id = serializers.CharField(source="_id")
    kind = serializers.CharField(default="chat")
    conversation_id = serializers.CharField(required=False, allow_null=True, default=None)
    status = serializers.CharField()
    model = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    duration_ms = serializers.IntegerField(allow_null=True)
    steps = serializers.JSONField()
    usage = serializers.JSONField(allow_null=True)
    error = serializers.JSONField(allow_null=True)


class RunDetailApi(APIView):
    @extend_schema(responses={200: RunSerializer})
    def get(self, request, run_id: str):
        run = reports.report_get(user_id=request.user.id, run_id=run_id)
        run["status"] = run_status(run)
        return Response(RunSerializer(run).data)


class RunCancelApi(APIView):
    @extend_schema(
        request=None, responses={202: inline_serializer("CancelAccepted", {"status": serializers.CharField()})}
    )
    def post(self, request, run_id: str):
        state = run_cancel(user=request.user, run_id=run_id)
        return Response({"status": state}, status=status.HTTP_202_ACCEPTED)
