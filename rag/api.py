"""Snippet REST API: list/create, read/change/delete by id, hybrid search.

Visibility: own and shared snippets. Another user's private snippet is a 404
everywhere. Another user's *shared* snippet is readable, so PATCH/DELETE on it
answer 403 ``forbidden`` (the snippet's existence is no secret); staff may
change any snippet.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.throttling import ScopedRateThrottle
from rag import selectors, services
from rag.embeddings import EmbeddingError
from rag.serializers import (
    SnippetHitSerializer,
    SnippetInputSerializer,
    SnippetListQuerySerializer,
    SnippetPageSerializer,
    SnippetSearchQuerySerializer,
    SnippetSerializer,
)
from tomato_agent.errors import DomainError


class EmbeddingsUnavailable(DomainError):
    code = "embeddings_unavailable"
    status = status.HTTP_503_SERVICE_UNAVAILABLE
    message = "The embedding service is unavailable; try again later."


class SnippetCursorPagination(CursorPagination):
    ordering = "-id"
    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response({"results": data, "next": self.get_next_link()})


_ID = OpenApiParameter("snippet_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class SnippetListApi(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scopes = {"POST": "snippet_write"}  # creating computes an embedding

    @extend_schema(
        operation_id="snippets_list",
        parameters=[
            SnippetListQuerySerializer,
            OpenApiParameter("cursor", str, description="from `next`"),
            OpenApiParameter("limit", int, description="page size, at most 100"),
        ],
        responses={200: SnippetPageSerializer},
        description="Your own and shared snippets, newest first. `q` filters by substring; "
        "for ranked search use /api/snippets/search.",
    )
    def get(self, request):
        query = SnippetListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        snippets = selectors.snippet_list(user=request.user, **query.validated_data)
        paginator = SnippetCursorPagination()
        page = paginator.paginate_queryset(snippets, request, view=self)
        return paginator.get_paginated_response(SnippetSerializer(page, many=True).data)

    @extend_schema(
        operation_id="snippets_create",
        request=SnippetInputSerializer,
        responses={201: SnippetSerializer},
        description="Save a snippet (private unless `shared`); its embedding is computed now.",
    )
    def post(self, request):
        data = SnippetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            snippet = services.snippet_create(user=request.user, **data.validated_data)
        except EmbeddingError:
            raise EmbeddingsUnavailable() from None
        return Response(SnippetSerializer(snippet).data, status=status.HTTP_201_CREATED)


class SnippetDetailApi(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scopes = {"PATCH": "snippet_write"}  # a change may re-embed

    @extend_schema(operation_id="snippets_retrieve", parameters=[_ID], responses={200: SnippetSerializer})
    def get(self, request, snippet_id: int):
        snippet = selectors.snippet_get(user=request.user, snippet_id=snippet_id)
        return Response(SnippetSerializer(snippet).data)

    @extend_schema(
        operation_id="snippets_partial_update",
        parameters=[_ID],
        request=SnippetInputSerializer(partial=True),
        responses={200: SnippetSerializer},
        description="Owner or staff. Re-embeds when title, description, language or tags change.",
    )
    def patch(self, request, snippet_id: int):
        data = SnippetInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            snippet = services.snippet_update(user=request.user, snippet_id=snippet_id, **data.validated_data)
        except EmbeddingError:
            raise EmbeddingsUnavailable() from None
        return Response(SnippetSerializer(snippet).data)

    @extend_schema(operation_id="snippets_destroy", parameters=[_ID], responses={204: None})
    def delete(self, request, snippet_id: int):
        services.snippet_delete(user=request.user, snippet_id=snippet_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SnippetSearchApi(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scopes = {"GET": "snippet_search"}  # every query is embedded

    @extend_schema(
        operation_id="snippets_search",
        parameters=[SnippetSearchQuerySerializer],
        responses={200: SnippetHitSerializer(many=True)},
        description="Hybrid search (dense e5 embeddings + BM25, reciprocal-rank fusion) over your "
        "own and shared snippets; Korean and English.",
    )
    def get(self, request):
        query = SnippetSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            hits = selectors.snippet_search(
                user=request.user,
                query=query.validated_data["q"],
                k=query.validated_data["k"],
                language=query.validated_data.get("language", ""),
                scope=query.validated_data["scope"],
                tag=query.validated_data.get("tag", ""),
            )
        except EmbeddingError:
            raise EmbeddingsUnavailable() from None
        return Response(SnippetHitSerializer(hits, many=True).data)
