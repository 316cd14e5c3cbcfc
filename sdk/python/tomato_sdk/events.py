"""A run's events, typed, and the server-sent-events reader both the sync and the async streams share.

Event data is parsed into the models generated from the OpenAPI schema
(``tomato_client.models``): ``session`` → ``SessionEventData``, ``tool_start``
→ ``ToolStartEventData``, ``result`` → ``ResultEventData``… ``token`` and
``reasoning_token`` carry text; an unknown type keeps its JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tomato_client.models import (
    CancelledEventData,
    ErrorBody,
    ResultEventData,
    SessionEventData,
    ToolResultEventData,
    ToolStartEventData,
)

TERMINAL = frozenset({"result", "cancelled", "error"})
TEXT = frozenset({"token", "reasoning_token"})
MODELS = {
    "session": SessionEventData,
    "tool_start": ToolStartEventData,
    "tool_result": ToolResultEventData,
    "result": ResultEventData,
    "cancelled": CancelledEventData,
    "error": ErrorBody,
}


@dataclass(frozen=True)
class Event:
    """One event of a run: its stream id (resume after it), type, parsed data and nesting scope."""

    id: str
    type: str
    data: Any
    scope: list[str] = field(default_factory=list)
    raw: Any = None  # the data as JSON, whatever the type

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL

    @property
    def text(self) -> str:
        """The text of a top-level ``token`` (the answer); empty for every other event."""
        return self.data if self.type == "token" and not self.scope else ""


def decode(event_id: str, event_type: str, data: str) -> Event:
    """An event from one native SSE record (``id``, ``event``, ``data``)."""
    raw = json.loads(data) if data else None
    scope: list[str] = []
    # Nested work (a sub-agent, a workflow node) arrives wrapped: {"scope": [...], "data": ...}.
    if isinstance(raw, dict) and set(raw) == {"scope", "data"} and isinstance(raw["scope"], list):
        scope, raw = raw["scope"], raw["data"]
    parsed: Any = raw
    model = MODELS.get(event_type)
    if model is not None and isinstance(raw, dict):
        try:
            parsed = model.from_dict(raw)
        except (KeyError, TypeError, ValueError):  # a shape this SDK does not know yet: keep the JSON
            parsed = raw
    return Event(id=event_id, type=event_type, data=parsed, scope=scope, raw=raw)


class SSEReader:
    """Feed it lines of a ``text/event-stream``; it hands back complete events (comments skipped)."""

    def __init__(self) -> None:
        self._id = ""
        self._type = "message"
        self._data: list[str] = []

    def feed(self, line: str) -> Event | None:
        if line.endswith("\r"):
            line = line[:-1]
        if not line:
            if not self._data:
                self._type = "message"
                return None
            event = decode(self._id, self._type, "\n".join(self._data))
            self._type, self._data = "message", []
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "id":
            self._id = value
        elif name == "event":
            self._type = value
        elif name == "data":
            self._data.append(value)
        return None


@dataclass
class RunResult:
    """How a run ended: ``status`` (succeeded, cancelled, failed), the answer and usage, or the error."""

    run_id: str
    status: str
    content: str
    usage: dict | None = None
    error: dict | None = None
    data: dict | None = None  # the terminal event's JSON as sent (a workflow's outputs…)

    @classmethod
    def from_terminal(cls, run_id: str, event: Event, streamed: str) -> RunResult:
        raw = event.raw if isinstance(event.raw, dict) else {}
        status = {"result": "succeeded", "cancelled": "cancelled"}.get(event.type, "failed")
        content = raw.get("content")
        return cls(
            run_id=run_id,
            status=status,
            content=content if isinstance(content, str) else streamed,
            usage=raw.get("usage"),
            error=raw if event.type == "error" else None,
            data=raw,
        )


class RunFailed(Exception):
    """A run ended with an ``error`` event (``code``: llm_error, max_iterations, worker_lost…)."""

    def __init__(self, result: RunResult) -> None:
        error = result.error or {}
        super().__init__(f"{error.get('code', 'internal')}: {error.get('message', 'the run failed')}")
        self.result = result
        self.code = error.get("code")


class ApiError(Exception):
    """The platform refused a request: ``status``, and ``code``/``message`` from its error body."""

    def __init__(self, status: int, body: Any) -> None:
        error = body.get("error") if isinstance(body, dict) else None
        self.status = status
        self.code = error.get("code") if isinstance(error, dict) else None
        self.body = body
        message = error.get("message") if isinstance(error, dict) else json.dumps(body)[:300]
        super().__init__(f"{status} {self.code or ''}: {message}".strip())
