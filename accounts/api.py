from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.serializers import (
    LoginSerializer,
    MeSerializer,
    SignupSerializer,
    TokenResponseSerializer,
    token_response,
)


class SignupApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=SignupSerializer, responses={201: TokenResponseSerializer})
    def post(self, request):
        data = SignupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, token, expires_at = services.user_signup(request=request, **data.validated_data)
        return Response(token_response(user, token, expires_at), status=status.HTTP_201_CREATED)


class LoginApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=LoginSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        data = LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, token, expires_at = services.user_login(request=request, **data.validated_data)
        return Response(token_response(user, token, expires_at))


class LogoutApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if request.auth is not None and hasattr(request.auth, "digest"):
            services.token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        services.tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        return Response(MeSerializer(request.user).data)
