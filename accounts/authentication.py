"""Token authentication: knox tokens (hashed at rest, expiring) and personal API keys, ``Token`` or ``Bearer``."""

import re

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

from apikeys.keyformat import looks_like_key

PREFIXES = (b"token", b"bearer")
# What a token may look like (knox tokens are hex); anything else — non-ASCII or non-UTF-8 bytes,
# NUL, control characters — is refused before it reaches a decoder or a database query.
TOKEN_SHAPE = re.compile(rb"^[A-Za-z0-9._~+/=-]{1,512}\Z")


def token_from_header(value: bytes) -> bytes | None:
    """The token of an ``Authorization: Token|Bearer <token>`` header, or None for another scheme.

    Raises AuthenticationFailed for a token header without exactly one well-formed token.
    """
    parts = value.split()
    if not parts or parts[0].lower() not in PREFIXES:
        return None
    if len(parts) != 2 or not TOKEN_SHAPE.match(parts[1]):
        raise exceptions.AuthenticationFailed("Invalid token header.")
    return parts[1]


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate(self, request):
        token = token_from_header(get_authorization_header(request))
        if token is None:
            return None
        if looks_like_key(token):
            from apikeys.services import attribute, key_for_secret  # the app's models: not at import time

            # Verified, scope- and rate-checked by apikeys.middleware.ApiKeyMiddleware.
            key = getattr(request._request, "api_key", None) or key_for_secret(token.decode())
            if key is None:
                raise exceptions.AuthenticationFailed("Invalid API key.")
            return attribute(key.user, key), key
        return self.authenticate_credentials(token)


def user_for_token(token: str):
    """The active user a raw token or API key belongs to, or None (expired, revoked, unknown, malformed).

    A key's user carries the key (``user.api_key``), so the runs it starts are
    credited to it.
    """
    raw = token.encode("utf-8", "replace")
    if not TOKEN_SHAPE.match(raw):
        return None
    if looks_like_key(token):
        from apikeys.services import attribute, key_for_secret

        key = key_for_secret(token)
        return attribute(key.user, key) if key is not None else None
    try:
        user, _ = TokenAuthentication().authenticate_credentials(raw)
    except exceptions.AuthenticationFailed:
        return None
    return user
