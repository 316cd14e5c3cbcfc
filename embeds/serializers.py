"""The JSON shapes of embeds, for their owners."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers


class EmbedInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    allowed_origins = serializers.ListField(
        child=serializers.CharField(max_length=200),
        allow_empty=False,
        max_length=20,
        help_text="origins like https://www.example.com",
    )
    agent = serializers.CharField(max_length=100, required=False, help_text="a model id from /v1/models")
    greeting = serializers.CharField(max_length=500, required=False, allow_blank=True)
    theme_color = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)
    visitor_requests_per_minute = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    ip_requests_per_minute = serializers.IntegerField(min_value=1, max_value=10000, required=False)
    daily_token_budget = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    enabled = serializers.BooleanField(required=False)


class EmbedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    token = serializers.CharField(help_text="public: it is in the host page")
    agent = serializers.CharField()
    allowed_origins = serializers.ListField(child=serializers.CharField())
    greeting = serializers.CharField()
    theme_color = serializers.CharField()
    visitor_requests_per_minute = serializers.IntegerField()
    ip_requests_per_minute = serializers.IntegerField()
    daily_token_budget = serializers.IntegerField(allow_null=True)
    enabled = serializers.BooleanField()
    identity_secret = serializers.CharField(
        help_text="to pass your site's users through: user_hash = HMAC-SHA256(identity_secret, user_id), hex"
    )
    created_at = serializers.DateTimeField()
    snippet = serializers.SerializerMethodField(help_text="the tag to paste into the host page")

    def get_snippet(self, embed) -> str:
        base = self.context.get("base_url") or settings.EMBED_BASE_URL
        return f'<script src="{base}/embed.js" data-embed="{embed.token}" async></script>'
