from rest_framework import serializers


class SignupSerializer(serializers.Serializer):
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, min_length=1,
        error_messages={"invalid": "Letters, digits and @/./+/-/_ only."},
    )  # fmt: skip
    password = serializers.CharField(max_length=512, trim_whitespace=False, write_only=True)
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=512, trim_whitespace=False, write_only=True)


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()


class MeSerializer(UserSerializer):
    is_staff = serializers.BooleanField()
    date_joined = serializers.DateTimeField()


class TokenResponseSerializer(serializers.Serializer):
    user = UserSerializer()
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


def token_response(user, token, expires_at) -> dict:
    return TokenResponseSerializer({"user": user, "token": token, "expires_at": expires_at}).data
