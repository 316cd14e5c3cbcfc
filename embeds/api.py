"""REST for embeds, for their owners: ``/api/embeds`` and ``/api/embeds/{id}`` (a login is needed: no API key)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from embeds import services
from embeds.serializers import EmbedInputSerializer, EmbedSerializer

TAGS = ["embeds"]


def _out(request, embed_or_embeds, many=False):
    base = request.build_absolute_uri("/").rstrip("/")
    return EmbedSerializer(embed_or_embeds, many=many, context={"base_url": base}).data


class EmbedListApi(APIView):
    @extend_schema(operation_id="embeds_list", tags=TAGS, responses={200: EmbedSerializer(many=True)})
    def get(self, request):
        return Response(_out(request, services.embeds_for(owner=request.user), many=True))

    @extend_schema(
        operation_id="embeds_create",
        tags=TAGS,
        request=EmbedInputSerializer,
        responses={201: EmbedSerializer},
        summary="Put your agent on a website: a chat widget",
    )
    def post(self, request):
        data = EmbedInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        embed = services.embed_create(owner=request.user, **data.validated_data)
        return Response(_out(request, embed), status=status.HTTP_201_CREATED)


class EmbedDetailApi(APIView):
    @extend_schema(operation_id="embeds_retrieve", tags=TAGS, responses={200: EmbedSerializer})
    def get(self, request, embed_id: int):
        return Response(_out(request, services.embed_get(owner=request.user, embed_id=embed_id)))

    @extend_schema(
        operation_id="embeds_update",
        tags=TAGS,
        request=EmbedInputSerializer(partial=True),
        responses={200: EmbedSerializer},
    )
    def patch(self, request, embed_id: int):
        data = EmbedInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        embed = services.embed_update(owner=request.user, embed_id=embed_id, **data.validated_data)
        return Response(_out(request, embed))

    @extend_schema(operation_id="embeds_destroy", tags=TAGS, responses={204: None})
    def delete(self, request, embed_id: int):
        services.embed_delete(owner=request.user, embed_id=embed_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
