"""Request shapes and response bodies of the snippet API (validation only; rules live in services)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from rag.services import MAX_DESCRIPTION_CHARS, MAX_TAG_CHARS, MAX_TAGS, MAX_TITLE_CHARS, embedding_is_current


class SnippetInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=MAX_TITLE_CHARS)
    description = serializers.CharField(max_length=MAX_DESCRIPTION_CHARS, allow_blank=True, required=False)
    code = serializers.CharField(max_length=settings.RAG_MAX_CODE_CHARS, trim_whitespace=False)
    language = serializers.CharField(max_length=40, allow_blank=True, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TAG_CHARS), max_length=MAX_TAGS, required=False
    )
    shared = serializers.BooleanField(required=False)

    def validate_code(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


class SnippetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    code = serializers.CharField()
    language = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    shared = serializers.BooleanField()
    owner = serializers.CharField(source="owner.username")
    embedded = serializers.SerializerMethodField(help_text="whether the embedding matches the current text")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_embedded(self, snippet) -> bool:
        return embedding_is_current(snippet)


class SnippetPageSerializer(serializers.Serializer):
    results = SnippetSerializer(many=True)
    next = serializers.URLField(allow_null=True)


class SnippetListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, required=False, allow_blank=True)
    language = serializers.CharField(max_length=40, required=False, allow_blank=True)
    scope = serializers.ChoiceField(
        choices=["all", "mine", "shared"], default="all", help_text="mine: your own; shared: shared by others"
    )
    tag = serializers.CharField(max_length=50, required=False, allow_blank=True, help_text="only those with this tag")


class SnippetSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=500)
    k = serializers.IntegerField(min_value=1, max_value=20, default=5)
    language = serializers.CharField(max_length=40, required=False, allow_blank=True)
    scope = serializers.ChoiceField(
        choices=["all", "mine", "shared"], default="all", help_text="mine: your own; shared: shared by others"
    )
    tag = serializers.CharField(max_length=50, required=False, allow_blank=True, help_text="only those with this tag")


class SnippetHitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="snippet.pk")
    title = serializers.CharField(source="snippet.title")
    description = serializers.CharField(source="snippet.description")
    language = serializers.CharField(source="snippet.language")
    code = serializers.CharField(source="snippet.code")
    tags = serializers.ListField(source="snippet.tags", child=serializers.CharField())
    shared = serializers.BooleanField(source="snippet.shared")
    owner = serializers.CharField(source="snippet.owner.username")
    score = serializers.FloatField(help_text="reciprocal-rank fusion of dense and BM25 ranks, 1 = first in both")
