from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from tools.registry import ToolContext, registry
from tools.serializers import ToolSerializer


class ToolListApi(APIView):
    @extend_schema(
        operation_id="tools_list",
        summary="Tools the agent may use for you",
        responses={200: ToolSerializer(many=True)},
        tags=["tools"],
    )
    def get(self, request):
        ctx = ToolContext(user_id=request.user.pk, is_staff=request.user.is_staff)
        return Response(ToolSerializer(registry.tools_for(ctx), many=True).data)
