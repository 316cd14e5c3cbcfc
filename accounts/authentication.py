"""Token authentication: knox tokens (hashed at rest, expiring), ``Token`` or ``Bearer``."""

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

PREFIXES = (b"token", b"bearer")


def token_from_header(value: bytes) -> bytes | None:
    """The token of an ``Authorization: Token|Bearer <token>`` header, or None for another scheme.

    Raises AuthenticationFailed for a token header without exactly one token.
    """
    parts = value.split()
    if not parts or parts[0].lower() not in PREFIXES:
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed("Invalid token header.")
    return parts[1]


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate(self, request):
        token = token_from_header(get_authorization_header(request))
        return None if token is None else self.authenticate_credentials(token)


def user_for_token(token: str):
    """The active user a raw token belongs to, or None (expired, revoked, unknown)."""
    try:
        user, _ = TokenAuthentication().authenticate_credentials(token.encode())
    except exceptions.AuthenticationFailed:
        return None
    return user
