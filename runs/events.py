"""The run event vocabulary: what a run's stream may carry (docs/events.md).

Pure data: this module imports nothing from Redis, Django or any transport, so
the worker, the web side, the encoders and tests all speak the same words.
Every run has one stream of events; each event is a type and JSON data. Exactly
one terminal event (``result``, ``cancelled`` or ``error``) ends a stream.

Events emitted inside a nested unit of work (a sub-agent, a workflow node, a
loop iteration) carry a ``scope``: a short path such as
``["node:loop_1", "iter:3", "node:llm_0"]``. Top-level events have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

SESSION = "session"
TOKEN = "token"
REASONING_TOKEN = "reasoning_token"
TOOL_START = "tool_start"
TOOL_RESULT = "tool_result"
TOOL_RETRY = "tool_retry"
NODE_STARTED = "node_started"
NODE_FINISHED = "node_finished"
WORKFLOW_FINISHED = "workflow_finished"
TITLE = "title"
RESULT = "result"
CANCELLED = "cancelled"
ERROR = "error"
TERMINAL = frozenset({RESULT, CANCELLED, ERROR})
TEXT_EVENTS = frozenset({TOKEN, REASONING_TOKEN})

ERROR_CODES = frozenset(
    {
        "invalid_request",
        "rate_limited",
        "conversation_busy",
        "llm_unavailable",
        "llm_timeout",
        "llm_error",
        "max_iterations",
        "worker_lost",
        "internal",
        "budget_exceeded",
        "node_failed",
        "service_unavailable",
    }
)

# The run statuses a report may hold; the last three are final.
QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED_STATUS = "queued", "running", "succeeded", "failed", "cancelled"
FINISHED = frozenset({SUCCEEDED, FAILED, CANCELLED_STATUS})

WORKER_LOST = {"code": "worker_lost", "message": "The worker running this answer stopped; please try again."}
INTERNAL = {"code": "internal", "message": "The run failed."}
UNAVAILABLE = {
    "code": "service_unavailable",
    "message": "A service this answer needed was unavailable; please try again.",
}


@dataclass(frozen=True)
class Event:
    """One stored event: its stream id, type, JSON-encoded data and, for nested work, JSON scope path.

    Data and scope stay the bytes stored in Redis on their way to a client.
    """

    id: str
    type: str
    raw: bytes
    scope_raw: bytes | None = None

    @property
    def data(self) -> Any:
        return orjson.loads(self.raw)

    @property
    def scope(self) -> list[str]:
        """The nesting path (``[]`` for the run's own, top-level events)."""
        return orjson.loads(self.scope_raw) if self.scope_raw else []

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL


def decode_entry(entry_id: bytes | str, fields: dict) -> Event:
    """An event from a stream entry as a Redis client returns it (``t`` type, ``d`` data, ``s`` scope)."""
    eid = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    if b"t" in fields:
        return Event(eid, fields[b"t"].decode(), fields[b"d"], fields.get(b"s"))
    scope = fields.get("s")
    return Event(eid, fields["t"], fields["d"].encode(), scope.encode() if scope else None)


def terminal_for(status: str, *, result: dict | None = None, error: dict | None = None) -> tuple[str, dict]:
    """The one terminal event for a final status: the type and its data.

    ``result`` is the kind's own result data (a chat turn's ``message_id``,
    ``content``, ``usage``…); a cancelled run keeps it too, so its partial
    answer reaches the client.
    """
    if status == SUCCEEDED:
        return RESULT, result or {}
    if status == CANCELLED_STATUS:
        return CANCELLED, result or {}
    return ERROR, error or INTERNAL


def status_of(terminal_type: str) -> str:
    """The run status a terminal event stands for."""
    return {RESULT: SUCCEEDED, CANCELLED: CANCELLED_STATUS}.get(terminal_type, FAILED)
