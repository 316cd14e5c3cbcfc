"""Engine test helpers: the FlowGram fixtures, an in-memory sink and an Env on the scripted LLM server.

The LLM is the project's scripted OpenAI-compatible server (``llm_server``,
session-wide), reached through the real ``openai`` client in
``agents.llm.LLMClient``; replies are chosen by regex rules on the prompt.
"""

from __future__ import annotations

import json
import threading
import uuid
from pathlib import Path
from typing import Any

import orjson
import pytest

from agents.llm import LLMClient
from runs.kinds import CancelToken, ScopedSink
from workflows.engine import Env, LLMNodeRequest

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


class MemorySink:
    """Records events as ``(type, data, scope)``; ``flushed`` counts how many were flushed."""

    def __init__(self, cancel: CancelToken | None = None) -> None:
        self.events: list[tuple[str, Any, tuple[str, ...]]] = []
        self.flushed = 0
        self.cancel = cancel or CancelToken()
        self.lock = threading.Lock()
        self.on_emit = None

    def emit(self, type: str, data: Any, *, scope=None) -> None:
        with self.lock:
            self.events.append((type, orjson.loads(orjson.dumps(data)), tuple(scope or ())))
        if self.on_emit is not None:
            self.on_emit(type, data, tuple(scope or ()))

    def flush(self) -> None:
        self.flushed = len(self.events)

    @property
    def cancelled(self) -> bool:
        return self.cancel.cancelled

    def scoped(self, *scope: str) -> ScopedSink:
        return ScopedSink(self, scope)

    def of(self, type_: str, scope: tuple[str, ...] | None = None) -> list:
        return [(d, s) for t, d, s in self.events if t == type_ and (scope is None or s == scope)]

    def text(self, scope: tuple[str, ...]) -> str:
        return "".join(d for t, d, s in self.events if t == "token" and s == scope)

    def dump(self) -> str:
        return orjson.dumps(self.events).decode()


@pytest.fixture
def sink() -> MemorySink:
    return MemorySink()


@pytest.fixture
def llm_for(llm_server):
    """``llm_for(request)``: the client an llm node gets (the platform's model, the author's temperature)."""
    seen: list[LLMNodeRequest] = []

    def make(request: LLMNodeRequest) -> LLMClient:
        seen.append(request)
        return LLMClient(
            base_url=llm_server.base_url,
            api_key="engine-tests",
            model=request.model_name or "scripted-demo",
            temperature=request.temperature,
            max_retries=0,
            read_timeout=20,
        )

    make.seen = seen
    return make


@pytest.fixture
def make_env(sink, llm_for):
    def make(**overrides) -> Env:
        fields = {"sink": sink, "cancel": sink.cancel, "user_id": 1, "llm": llm_for, **overrides}
        return Env(**fields)

    return make


@pytest.fixture
def reply(llm_server):
    """``reply(content, **turn)`` registers a scripted answer; returns the marker the prompt must contain."""

    def add(content: str = "", **turn) -> str:
        marker = f"m{uuid.uuid4().hex[:12]}"
        llm_server.add_scenario(f"wf-{marker}", [{"content": content, **turn}], match=marker)
        return marker

    return add


@pytest.fixture
def prompts(llm_server):
    """``prompts(marker)``: the user messages the scripted server received that contain ``marker``."""

    def received(marker: str) -> list[dict]:
        out = []
        for body in llm_server.requests():
            messages = body.get("messages") or []
            user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
            if marker in str(user):
                out.append(body)
        return out

    return received
