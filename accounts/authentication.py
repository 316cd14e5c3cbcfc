"""Token authentication: knox tokens (hashed at rest, expiring) and personal API keys, ``Token`` or ``Bearer``."""

import re
from dataclasses import dataclass

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
    found = credential_for_token(token)
    return found[0] if found else None


@dataclass(frozen=True)
class Credential:
    """What a long-lived connection (a WebSocket) authenticated with, so it can be checked again later:
    a token (by its stored digest), an API key (by its id) or a session (by its key). None holds the secret."""

    user_id: int
    token_digest: str | None = None
    api_key_id: int | None = None
    session_key: str | None = None


def credential_for_token(token: str):
    """``(user, Credential)`` for a raw token or API key, or None (expired, revoked, unknown, malformed)."""
    raw = token.encode("utf-8", "replace")
    if not TOKEN_SHAPE.match(raw):
        return None
    if looks_like_key(token):
        from apikeys.services import attribute, key_for_secret

        key = key_for_secret(token)
        return (attribute(key.user, key), Credential(user_id=key.user_id, api_key_id=key.id)) if key else None
    try:
        user, auth_token = TokenAuthentication().authenticate_credentials(raw)
    except exceptions.AuthenticationFailed:
        return None
    return user, Credential(user_id=user.pk, token_digest=auth_token.digest)


def credential_still_valid(credential: Credential) -> bool:
    """Is the credential still good: the token or API key not revoked (logout, logout-all) nor expired, the session
    not ended (logout) and still the user's, and the user still active? (ORM: call from a thread.)"""
    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db.models import Q
    from django.utils import timezone
    from django.utils.crypto import constant_time_compare
    from knox.models import AuthToken

    if credential.token_digest is not None:
        return (
            AuthToken.objects.filter(digest=credential.token_digest, user_id=credential.user_id, user__is_active=True)
            .filter(Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()))
            .exists()
        )
    if credential.api_key_id is not None:
        from apikeys.models import ApiKey

        keys = ApiKey.objects.active().filter(id=credential.api_key_id, user_id=credential.user_id)
        return keys.filter(user__is_active=True).exists()
    if credential.session_key is not None:
        from importlib import import_module

        from django.conf import settings

        store = import_module(settings.SESSION_ENGINE).SessionStore(credential.session_key)
        data = store.load()
        if str(data.get(SESSION_KEY)) != str(credential.user_id):
            return False
        user = get_user_model().objects.filter(pk=credential.user_id, is_active=True).first()
        return user is not None and constant_time_compare(data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash())
    return False
