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

from runs.kinds import EventSink, ScopedSink
from tools.secrets import REDACTED

MIN_SECRET_CHARS = 4


def secret_forms(secrets: Collection[str]) -> tuple[str, ...]:
    """Each secret as it may appear in text (plain and URL-encoded), longest first."""
    forms: set[str] = set()
    for secret in secrets:
        if isinstance(secret, str) and len(secret) >= MIN_SECRET_CHARS:
            forms.update({secret, quote(secret, safe=""), quote_plus(secret)})
    return tuple(sorted(forms, key=len, reverse=True))


def _scrub_text(text: str, forms: Sequence[str]) -> str:
    for form in forms:
        if form in text:
            text = text.replace(form, REDACTED)
    return text


def scrub(value: Any, secrets: Collection[str] | Sequence[str]) -> Any:
    """``value`` (any JSON value) with every secret replaced in its strings and keys."""
    forms = secrets if isinstance(secrets, tuple) else secret_forms(secrets)
    if not forms:
        return value
    return _walk(value, forms)


def _walk(value: Any, forms: Sequence[str]) -> Any:
    if isinstance(value, str):
        return _scrub_text(value, forms)
    if isinstance(value, dict):
        return {_scrub_text(str(k), forms): _walk(v, forms) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(v, forms) for v in value]
    return value


class ScrubbingSink:
    """A sink that scrubs the run's secrets out of every event before the stream sees it."""

    def __init__(self, parent: EventSink, secrets: Collection[str]) -> None:
        self.parent = parent
        self.forms = secret_forms(secrets)

    def emit(self, type: str, data: Any, *, scope: Sequence[str] | None = None) -> None:
        if self.forms:
            data = _walk(data, self.forms)
        self.parent.emit(type, data, scope=scope)

    def flush(self) -> None:
        self.parent.flush()

    @property
    def cancelled(self) -> bool:
        return self.parent.cancelled

    def scoped(self, *scope: str) -> ScopedSink:
        return ScopedSink(self, scope)
