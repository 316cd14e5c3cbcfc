"""The JSON shapes of API keys: what a person sends to create one and what they see of it."""

from __future__ import annotations

from rest_framework import serializers

from agents.serializers import DateRangeSerializer
from apikeys.models import SCOPES


class KeyCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=SCOPES),
        allow_empty=False,
        required=False,
        help_text="default: all of chat, workflows, read",
    )
    expires_at = serializers.DateTimeField(required=False, allow_null=True, help_text="default: never")
    requests_per_minute = serializers.IntegerField(min_value=1, max_value=100_000, required=False, allow_null=True)
    requests_per_day = serializers.IntegerField(min_value=1, max_value=10_000_000, required=False, allow_null=True)


class KeySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="the key's first characters, to tell keys apart")
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=SCOPES))
    status = serializers.ChoiceField(choices=["active", "expired", "revoked"])
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(allow_null=True)
    last_used_ip = serializers.IPAddressField(allow_null=True)
    requests_per_minute = serializers.IntegerField(source="minute_limit")
    requests_per_day = serializers.IntegerField(source="day_limit")


class CreatedKeySerializer(KeySerializer):
    key = serializers.CharField(help_text="the secret: shown this once, never stored")


class KeyUsageTotalSerializer(serializers.Serializer):
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    total_tokens = serializers.IntegerField()
    cost_usd = serializers.FloatField()
    runs = serializers.IntegerField()


class KeyUsageDaySerializer(KeyUsageTotalSerializer):
    date = serializers.DateField()


class KeyUsageSerializer(DateRangeSerializer):
    key_id = serializers.IntegerField()
    total = KeyUsageTotalSerializer()
    by_day = KeyUsageDaySerializer(many=True)
