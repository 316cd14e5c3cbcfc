"""``/api/agents``: agents people build (docs/api.md). Thin: validate, call a service or selector, serialize.

Another user's private agent is a 404 everywhere; changing an agent someone
shared with you is a 403 ``forbidden``.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from agents import agent_selectors, agent_services
from agents.models import Visibility
from tomato_agent.errors import InvalidRequest

_ID = OpenApiParameter("agent_id", OpenApiTypes.STR, OpenApiParameter.PATH)
LIST_MAX = 500


class AgentInputSerializer(serializers.Serializer):
    """What ``POST`` takes (``PATCH`` takes any of it). Checked by ``agents.agent_services``."""

    name = serializers.CharField(max_length=100)
    instructions = serializers.CharField(required=False, allow_blank=True, help_text="its system prompt")
    tools = serializers.ListField(child=serializers.CharField(), required=False, help_text="registry tool names")
    agents = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="ids of agents it may call as tools"
    )
    provider = serializers.CharField(required=False, allow_blank=True, allow_null=True, help_text="provider slug")
    model = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    temperature = serializers.FloatField(required=False, allow_null=True)
    emoji = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    starters = serializers.ListField(child=serializers.CharField(), required=False)
    knowledge = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="snippet tags that scope code_search"
    )
    tool_mode = serializers.ChoiceField(choices=["", "native", "prompt"], required=False)
    max_iterations = serializers.IntegerField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=Visibility.values, required=False)
    global_agent = serializers.BooleanField(required=False, help_text="staff only, on create: owned by nobody")


class AgentSerializer(serializers.Serializer):
    id = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    emoji = serializers.CharField()
    description = serializers.CharField()
    starters = serializers.ListField(child=serializers.CharField())
    instructions = serializers.CharField()
    provider = serializers.CharField()
    model = serializers.CharField()
    temperature = serializers.FloatField(allow_null=True)
    tools = serializers.ListField(child=serializers.CharField())
    knowledge = serializers.ListField(child=serializers.CharField())
    tool_mode = serializers.CharField()
    max_iterations = serializers.IntegerField(allow_null=True)
    agents = serializers.ListField(child=serializers.CharField(), source="sub_agents")
    visibility = serializers.CharField()
    owner = serializers.SerializerMethodField()
    is_owner = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_owner(self, agent) -> str | None:
        return agent.owner.username if agent.owner_id else None

    def get_is_owner(self, agent) -> bool:
        return agent_selectors.may_edit(user=self.context["request"].user, agent=agent)

    def to_representation(self, agent):
        data = super().to_representation(agent)
        if not data["is_owner"]:  # an agent shared with you: use it, but its prompt and knowledge stay its owner's
            data["instructions"] = ""
            data["knowledge"] = []
        return data


class AgentPageSerializer(serializers.Serializer):
    results = AgentSerializer(many=True)
    next = serializers.CharField(allow_null=True)


def _out(request, agent, code=status.HTTP_200_OK) -> Response:
    return Response(AgentSerializer(agent, context={"request": request}).data, status=code)


def _fields(request) -> dict:
    if not isinstance(request.data, dict):
        raise InvalidRequest("The body must be a JSON object.")
    if _has_nul(request.data):  # PostgreSQL text cannot hold one: a 400, not a 500
        raise InvalidRequest("Text must not contain NUL characters.")
    return dict(request.data)


def _has_nul(value) -> bool:
    """Whether any string in a parsed JSON body (keys included) holds a NUL character."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return False


class AgentListApi(APIView):
    @extend_schema(
        operation_id="agents_list",
        responses={200: AgentPageSerializer},
        description="The agents you may pick: your own and the public ones, by name.",
    )
    def get(self, request):
        agents = agent_selectors.agents_usable(user=request.user)[:LIST_MAX]
        data = AgentSerializer(agents, many=True, context={"request": request}).data
        return Response({"results": data, "next": None})

    @extend_schema(operation_id="agents_create", request=AgentInputSerializer, responses={201: AgentSerializer})
    def post(self, request):
        fields = _fields(request)
        global_agent = fields.pop("global_agent", False) is True
        agent = agent_services.agent_create(user=request.user, fields=fields, global_agent=global_agent)
        return _out(request, agent, status.HTTP_201_CREATED)


class AgentDetailApi(APIView):
    @extend_schema(parameters=[_ID], responses={200: AgentSerializer})
    def get(self, request, agent_id: str):
        return _out(request, agent_selectors.agent_get(user=request.user, agent_id=agent_id))

    @extend_schema(parameters=[_ID], request=AgentInputSerializer, responses={200: AgentSerializer})
    def patch(self, request, agent_id: str):
        agent = agent_selectors.agent_get(user=request.user, agent_id=agent_id)
        return _out(request, agent_services.agent_update(user=request.user, agent=agent, fields=_fields(request)))

    @extend_schema(parameters=[_ID], responses={204: None})
    def delete(self, request, agent_id: str):
        agent = agent_selectors.agent_get(user=request.user, agent_id=agent_id)
        agent_services.agent_delete(user=request.user, agent=agent)
        return Response(status=status.HTTP_204_NO_CONTENT)
