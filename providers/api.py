"""``GET /api/providers``: the providers and models a person may choose for an agent (never a key)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from providers import runtime


class ProviderModelOut(serializers.Serializer):
    model = serializers.CharField()
    label = serializers.CharField()
    context_window = serializers.IntegerField(allow_null=True)
    input_per_million_usd = serializers.FloatField(allow_null=True)
    output_per_million_usd = serializers.FloatField(allow_null=True)
    tool_mode = serializers.CharField()
    reasoning = serializers.BooleanField()


class ProviderOut(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    is_default = serializers.BooleanField()
    default_model = serializers.CharField()
    models = ProviderModelOut(many=True)


def provider_catalogue() -> list[dict]:
    """Every enabled provider with its choosable models, prices resolved (the price table when unset)."""
    out = []
    for config in runtime.configs():
        models = []
        for info in config.choosable:
            choice = runtime.resolve(config.id, info.model)
            models.append(
                {
                    "model": info.model,
                    "label": choice.label,
                    "context_window": info.context_window,
                    "input_per_million_usd": float(choice.price[0]) if choice.price else None,
                    "output_per_million_usd": float(choice.price[1]) if choice.price else None,
                    "tool_mode": info.tool_mode,
                    "reasoning": info.reasoning,
                }
            )
        out.append(
            {
                "id": config.id,
                "slug": config.slug,
                "name": config.name,
                "is_default": config.from_settings,
                "default_model": config.fallback_model,
                "models": models,
            }
        )
    return out


class ProviderListApi(APIView):
    @extend_schema(responses={200: ProviderOut(many=True)})
    def get(self, request):
        return Response(ProviderOut(provider_catalogue(), many=True).data)
