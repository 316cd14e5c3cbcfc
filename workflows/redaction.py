"""Keeping a run's secrets (LLM API keys, vault values, a SpotLight model key) out of
everything it stores or emits: node events, the report, the result, chat history.

The runtime already leaves ``apiKey`` out of what it reports; this is the second
line: every string on its way to the stream or to MongoDB has the run's known
secret values replaced, wherever they hide (a header echoed in an HTTP node's
output, an input a user passed by another name).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any
from urllib.parse import quote, quote_plus

from tools.secrets import REDACTED

MIN_SECRET_CHARS = 4


def secret_forms(secrets: Collection[str]) -> tuple[str, ...]:
    """Each secret as it may appear in text (plain and URL-encoded), longest first."""
    forms: set[str] = set()
    for secret in secrets:
        if isinstance(secret, str) and len(secret) >= MIN_SECRET_CHARS:
            forms.update({secret, quote(secret, safe=""), quote_plus(secret)})
    return tuple(sorted(forms, key=len, reverse=True))


def scrub(value: Any, secrets: Collection[str]) -> Any:
    """``value`` (any JSON value) with every secret replaced in its strings and keys."""
    forms = secret_forms(secrets)
    return scrub_forms(value, forms) if forms else value


def scrub_forms(value: Any, forms: Sequence[str]) -> Any:
    """:func:`scrub` with the forms already computed (hot path: every event of a run)."""
    if isinstance(value, str):
        for form in forms:
            if form in value:
                value = value.replace(form, REDACTED)
        return value
    if isinstance(value, dict):
        return {scrub_forms(str(k), forms): scrub_forms(v, forms) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_forms(v, forms) for v in value]
    return value
