"""REST for personal API keys: ``/api/keys`` (create, list), ``/api/keys/{id}`` (read, revoke), usage per key.

Keys are managed with a login (a token or the session), never with another
key (``apikeys.scopes``).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apikeys import services
from apikeys.serializers import CreatedKeySerializer, KeyCreateSerializer, KeySerializer, KeyUsageSerializer
from runs import usage

TAGS = ["keys"]


class KeyListApi(APIView):
    @extend_schema(
        operation_id="keys_list",
        tags=TAGS,
        responses={200: KeySerializer(many=True)},
        summary="Your API keys that are not revoked (expired ones say so), newest first",
    )
    def get(self, request):
        return Response(KeySerializer(services.keys_for(user=request.user), many=True).data)

    @extend_schema(
        operation_id="keys_create",
        tags=TAGS,
        request=KeyCreateSerializer,
        responses={201: CreatedKeySerializer},
        summary="Create a key; the answer holds its secret (`key`) this once",
    )
    def post(self, request):
        data = KeyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key, secret = services.key_create(user=request.user, **data.validated_data)
        key.key = secret
        return Response(CreatedKeySerializer(key).data, status=status.HTTP_201_CREATED)


class KeyDetailApi(APIView):
    @extend_schema(operation_id="keys_retrieve", tags=TAGS, responses={200: KeySerializer})
    def get(self, request, key_id: int):
        return Response(KeySerializer(services.key_get(user=request.user, key_id=key_id)).data)

    @extend_schema(
        operation_id="keys_revoke",
        tags=TAGS,
        responses={204: None},
        summary="Revoke a key: requests with it fail from now on",
    )
    def delete(self, request, key_id: int):
        services.key_revoke(user=request.user, key_id=key_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class KeyUsageApi(APIView):
    @extend_schema(
        operation_id="keys_usage",
        tags=TAGS,
        responses={200: KeyUsageSerializer},
        summary="Tokens, cost and runs of one key per day",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="default: the first of this month"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="default: today"),
        ],
    )
    def get(self, request, key_id: int):
        start, end = usage.parse_range(request.query_params.get("from"), request.query_params.get("to"))
        return Response(
            KeyUsageSerializer(services.key_usage(user=request.user, key_id=key_id, start=start, end=end)).data
        )
