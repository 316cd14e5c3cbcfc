"""What an API key looks like: ``tmt_`` and 43 URL-safe characters (256 random bits). Imports nothing of
Django, so the authentication classes can tell a key from a login token without loading the app."""

from __future__ import annotations

import hashlib

KEY_PREFIX = "tmt_"
SHOWN_CHARS = 12  # "tmt_" and 8 random characters: enough to tell keys apart, useless to an attacker


def looks_like_key(secret: str | bytes) -> bool:
    """Is this bearer value one of our API keys (and not a login token)?"""
    if isinstance(secret, bytes):
        return secret.startswith(KEY_PREFIX.encode())
    return secret.startswith(KEY_PREFIX)


def secret_hash(secret: str) -> str:
    """What is stored of a key: its SHA-256 (hex). Keys carry 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()
