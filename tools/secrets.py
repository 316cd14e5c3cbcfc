"""Encryption at rest for HTTP tool secrets, and scrubbing them out of text.

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256). The Fernet keys are
derived with HKDF-SHA256 from ``settings.TOOL_SECRETS_KEY`` — a list, the first
entry encrypts and every entry decrypts, so a key can be rotated — or from
``SECRET_KEY`` when that list is empty.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from tools.registry import ToolError

HKDF_INFO = b"tomato-agent/tools/http-tool-secrets/v1"
REDACTED = "[redacted]"

_lock = threading.Lock()
_cached: dict[bytes, tuple[tuple[str, ...], MultiFernet]] = {}


class SecretUnreadable(ToolError):
    """A stored secret does not decrypt with the configured keys."""


def _derive(material: str, info: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(material.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _fernet(info: bytes = HKDF_INFO) -> MultiFernet:
    """The keys for one purpose (``info``): each purpose derives its own, so a token of one never opens another."""
    configured = getattr(settings, "TOOL_SECRETS_KEY", None) or []
    if isinstance(configured, str):
        configured = [part for part in configured.split(",") if part.strip()]
    materials = tuple(str(part).strip() for part in configured) or (settings.SECRET_KEY,)
    cached = _cached.get(info)
    if cached is not None and cached[0] == materials:
        return cached[1]
    with _lock:
        fernet = MultiFernet([_derive(material, info) for material in materials])
        _cached[info] = (materials, fernet)
    return fernet


def secret_encrypt(value: str, *, info: bytes = HKDF_INFO) -> str:
    """The token to store for ``value`` (``info`` names the purpose; HTTP tool secrets by default)."""
    return _fernet(info).encrypt(value.encode()).decode("ascii")


def secret_decrypt(token: str, *, info: bytes = HKDF_INFO) -> str:
    try:
        return _fernet(info).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise SecretUnreadable("a tool secret cannot be decrypted; set it again") from None


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with each secret (of 4+ characters) replaced, also in URL-encoded form."""
    forms: set[str] = set()
    for secret in secrets:
        if secret and len(secret) >= 4:
            forms.update({secret, quote(secret, safe=""), quote_plus(secret)})
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, REDACTED)
    return text
