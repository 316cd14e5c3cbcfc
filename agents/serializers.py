"""Input validation and the JSON shapes of conversations, messages and runs."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tomato_agent.schema import ErrorBodySerializer, RunUsageSerializer


class ConversationCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ConversationRenameSerializer(serializers.Serializer):
    """A change to a conversation: a new title, pinned or not, archived or not (at least one)."""

    title = serializers.CharField(max_length=200, required=False)
    pinned = serializers.BooleanField(required=False, help_text="pinned ones list first in the web chat")
    archived = serializers.BooleanField(
        required=False, help_text="archived ones leave the list (`GET /api/conversations?archived=true` lists them)"
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send title, pinned or archived.")
        return attrs


class ChatSerializer(serializers.Serializer):
    conversation_id = serializers.CharField(max_length=64, required=False, allow_null=True, default=None)
    message = serializers.CharField(
        trim_whitespace=False, required=False, default="", help_text="required unless regenerate_of is given"
    )
    edit_of = serializers.CharField(
        max_length=64,
        required=False,
        allow_null=True,
        default=None,
        help_text="a user message id: send `message` in its place, as a new branch (the original is kept)",
    )
    regenerate_of = serializers.CharField(
        max_length=64,
        required=False,
        allow_null=True,
        default=None,
        help_text="a user message id: a new answer to it (the earlier answers are kept as alternatives)",
    )
    leaf_id = serializers.CharField(
        max_length=64,
        required=False,
        allow_null=True,
        default=None,
        help_text="with a new message: the last message of the branch you show; the turn continues from it",
    )
    workflow_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Start the conversation with this workflow as the one that answers (docs/workflows.md).",
    )
    agent_id = serializers.CharField(
        max_length=64,
        required=False,
        allow_null=True,
        default=None,
        help_text="Start the conversation with this agent (GET /api/agents); it keeps it.",
    )
    if_busy = serializers.ChoiceField(
        choices=["reject", "enqueue", "interrupt"],
        required=False,
        allow_null=True,
        default=None,
        help_text="while the conversation's answer still runs: reject (409, the default), enqueue, interrupt",
    )


class ConversationSerializer(serializers.Serializer):
    id = serializers.CharField(source="_id")
    title = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    message_count = serializers.IntegerField()
    pinned = serializers.BooleanField(default=False)
    archived = serializers.BooleanField(default=False)
    agent_id = serializers.CharField(allow_null=True, default=None, help_text="the agent it talks to (null: default)")


def tool_calls_out(message: dict) -> list[dict]:
    """What a person may see of a message's tool calls: alias and visible data only. A sub-agent's own calls
    (stored under the call that asked it, ``agent``) follow that call, each with the ``scope`` its live
    events carried, so the page nests them as the live view did."""
    out: list[dict] = []
    for round_ in message.get("rounds") or ():
        starts = {c["id"]: c for c in round_.get("tool_calls", ())}
        for result in round_.get("results", ()):
            call = starts.get(result["call_id"], {})
            out += _tool_call_out(result, name=call.get("name"), scope=None)
    return out


def _tool_call_out(result: dict, *, name: str | None, scope: list[str] | None) -> list[dict]:
    work = result.get("agent") if isinstance(result.get("agent"), dict) else None
    shown = {
        "id": result["call_id"],
        "tool": result.get("name") or name,
        "label": result.get("label"),
        "ok": result.get("ok"),
        "visible": result.get("visible"),
        "visible_arguments": result.get("visible_arguments"),
        "error": result.get("error"),
        "duration_ms": result.get("duration_ms"),
        "scope": scope,
        "agent": None,
    }
    if work is None:
        return [shown]
    shown["agent"] = {"scope": work["scope"], "text": work.get("text") or "", "truncated": work.get("truncated") or 0}
    out = [shown]
    for round_ in work.get("rounds") or ():
        for inner in round_.get("results") or ():
            out += _tool_call_out(inner, name=None, scope=work["scope"])
    return out


class SubAgentWorkSerializer(serializers.Serializer):
    """A sub-agent's call: where its own steps are (their ``scope``) and the text it streamed."""

    scope = serializers.ListField(child=serializers.CharField(), help_text="the scope of its events and steps")
    text = serializers.CharField(allow_blank=True, help_text="the text it streamed (its answer)")
    truncated = serializers.IntegerField(help_text="how many of its steps were too many to keep (0: none)")


class ToolCallSerializer(serializers.Serializer):
    """A tool call of an answer as a person may see it (never its secrets or raw output)."""

    id = serializers.CharField()
    tool = serializers.CharField(allow_null=True)
    label = serializers.CharField(allow_null=True)
    ok = serializers.BooleanField(allow_null=True)
    visible = serializers.JSONField(allow_null=True)
    visible_arguments = serializers.JSONField(allow_null=True)
    error = serializers.CharField(allow_null=True)
    duration_ms = serializers.IntegerField(allow_null=True)
    scope = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="a sub-agent's step: the scope it ran in (docs/events.md#scopes-nested-work); null in the answer",
    )
    agent = SubAgentWorkSerializer(allow_null=True, help_text="a call to a sub-agent: its work; null otherwise")


class AlternativesSerializer(serializers.Serializer):
    """The messages in one place of a conversation with branches (regenerated answers, edited messages)."""

    index = serializers.IntegerField(help_text="this message's place among them, from 0")
    count = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.CharField(), help_text="oldest first")


class FeedbackSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=["up", "down"], allow_null=True)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(read_only=True, allow_null=True)


class BranchSelectSerializer(serializers.Serializer):
    message_id = serializers.CharField(max_length=64)


class BranchSerializer(serializers.Serializer):
    conversation_id = serializers.CharField()
    leaf_id = serializers.CharField(help_text="the last message of the branch now shown")


class MessageSerializer(serializers.Serializer):
    id = serializers.CharField(source="_id")
    role = serializers.ChoiceField(choices=["user", "assistant"])
    content = serializers.CharField()
    reasoning = serializers.CharField(required=False, default="")
    tool_calls = serializers.SerializerMethodField()
    status = serializers.CharField(
        required=False, default=None, allow_null=True, help_text="an answer's status: succeeded, failed, cancelled"
    )
    error = ErrorBodySerializer(required=False, default=None, allow_null=True)
    created_at = serializers.DateTimeField()
    run_id = serializers.CharField(required=False, default=None, allow_null=True)
    usage = RunUsageSerializer(required=False, default=None, allow_null=True)
    model = serializers.CharField(required=False, default=None, allow_null=True)
    alternatives = AlternativesSerializer(
        required=False,
        default=None,
        allow_null=True,
        help_text="in a conversation with branches: the other versions of this message; null when it has none",
    )
    feedback = FeedbackSerializer(
        required=False, default=None, allow_null=True, help_text="an answer's thumbs up or down"
    )

    @extend_schema_field(ToolCallSerializer(many=True))
    def get_tool_calls(self, obj) -> list[dict]:
        return tool_calls_out(obj)


class ConversationPageSerializer(serializers.Serializer):
    results = ConversationSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="the next (older) page, or null")


class ConversationExportSerializer(serializers.Serializer):
    conversation = ConversationSerializer()
    messages = MessageSerializer(many=True)


class MessagePageSerializer(serializers.Serializer):
    results = MessageSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="the previous (older) page, or null")


class UsageTotalsSerializer(serializers.Serializer):
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    total_tokens = serializers.IntegerField()
    cost_usd = serializers.FloatField()
    messages = serializers.IntegerField(help_text="answers counted")


class UsageDaySerializer(UsageTotalsSerializer):
    date = serializers.DateField()
    model = serializers.CharField(allow_null=True)
    cost_usd = serializers.FloatField(allow_null=True)


class UsageUserSerializer(UsageTotalsSerializer):
    user_id = serializers.IntegerField()
    username = serializers.CharField(allow_null=True)
    cost_usd = serializers.FloatField(allow_null=True)


class DateRangeSerializer(serializers.Serializer):
    """A usage answer's ``from`` and ``to`` (``from`` is a Python keyword, hence not a class attribute)."""

    def get_fields(self):
        fields = super().get_fields()
        fields["from"], fields["to"] = serializers.DateField(), serializers.DateField()
        return fields


class UsageReportSerializer(DateRangeSerializer):
    """``GET /api/usage``: your answers' usage per day and model."""

    total = UsageTotalsSerializer()
    by_day = UsageDaySerializer(many=True)


class UsageSummarySerializer(DateRangeSerializer):
    """``GET /api/usage/summary`` (staff): usage per person."""

    total = UsageTotalsSerializer()
    by_user = UsageUserSerializer(many=True)
