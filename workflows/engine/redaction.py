"""Keeping secrets out of events, reports and logs, and sizes in bounds.

Every secret a run touches — an llm node's ``apiKey``, a vault value an http
node used — is registered with the run's :class:`Secrets`. Whatever leaves the
runtime (event data, node reports, the outputs, error messages) goes through
:meth:`Secrets.scrub`, which replaces each secret (also URL-encoded) by
``[redacted]`` wherever it appears, and the process log filter learns it too.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from tomato_agent.logging import register_secret
from tools.secrets import REDACTED, redact

TRUNCATED = "… [truncated]"
EVENT_LIMITS = (2_000, 100)  # characters per string, items per array/object, in events
REPORT_LIMITS = (20_000, 1_000)  # the same in reports (the tool-result cap)


class Secrets:
    __slots__ = ("_lock", "_values")

    def __init__(self) -> None:
        self._values: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def add(self, value: Any) -> None:
        if not isinstance(value, str) or len(value) < 4:
            return
        register_secret(value)
        with self._lock:
            if value not in self._values:
                self._values = (*self._values, value)

    def text(self, text: str) -> str:
        return redact(text, self._values) if self._values else text

    def scrub(self, value: Any, limits: tuple[int, int] | None = None) -> Any:
        """A copy of a JSON value with secrets replaced and, given ``limits``, long strings and lists cut."""
        values = self._values
        max_chars, max_items = limits or (0, 0)

        def walk(item: Any, depth: int) -> Any:
            if isinstance(item, str):
                if values:
                    item = redact(item, values)
                if max_chars and len(item) > max_chars:
                    item = item[:max_chars] + TRUNCATED
                return item
            if depth > 32:
                return TRUNCATED
            if isinstance(item, Mapping):
                out = {}
                for index, (key, sub) in enumerate(item.items()):
                    if max_items and index >= max_items:
                        out[TRUNCATED] = len(item) - max_items
                        break
                    out[walk(str(key), depth + 1) if values else str(key)] = walk(sub, depth + 1)
                return out
            if isinstance(item, list | tuple):
                kept = item[:max_items] if max_items else item
                out_list = [walk(sub, depth + 1) for sub in kept]
                if max_items and len(item) > max_items:
                    out_list.append(f"{TRUNCATED} ({len(item) - max_items} more)")
                return out_list
            if item is None or isinstance(item, bool | int | float):
                return item
            return walk(str(item), depth + 1)

        return walk(value, 0)


__all__ = ["EVENT_LIMITS", "REDACTED", "REPORT_LIMITS", "Secrets"]
