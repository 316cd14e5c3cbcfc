"""Input validation and the JSON shapes of conversations, messages and runs."""

from __future__ import annotations

from rest_framework import serializers


class ConversationCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ConversationRenameSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)


class ChatSerializer(serializers.Serializer):
    conversation_id = serializers.CharField(max_length=64, required=False, allow_null=True, default=None)
    message = serializers.CharField(trim_whitespace=False)


class ConversationSerializer(serializers.Serializer):
    id = serializers.CharField(source="_id")
    title = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    message_count = serializers.IntegerField()


def tool_calls_out(message: dict) -> list[dict]:
    """What a person may see of a message's tool calls: alias and visible data only."""
    out = []
    for round_ in message.get("rounds") or ():
        starts = {c["id"]: c for c in round_.get("tool_calls", ())}
        for result in round_.get("results", ()):
            call = starts.get(result["call_id"], {})
            out.append({
                "id": result["call_id"], "tool": result.get("name") or call.get("name"),
                "label": result.get("label"), "ok": result.get("ok"), "visible": result.get("visible"),
                "visible_arguments": result.get("visible_arguments"),
                "error": result.get("error"), "duration_ms": result.get("duration_ms"),
            })  # fmt: skip
    return out


class MessageSerializer(serializers.Serializer):
    id = serializers.CharField(source="_id")
    role = serializers.CharField()
    content = serializers.CharField()
    reasoning = serializers.CharField(required=False, default="")
    tool_calls = serializers.SerializerMethodField()
    status = serializers.CharField(required=False, default=None)
    error = serializers.JSONField(required=False, default=None)
    created_at = serializers.DateTimeField()
    run_id = serializers.CharField(required=False, default=None)
    usage = serializers.JSONField(required=False, default=None)
    model = serializers.CharField(required=False, default=None)

    def get_tool_calls(self, obj) -> list[dict]:
        return tool_calls_out(obj)
