"""The Chat Completions protocol, pure: reading a request, and writing a run's events as chunks.

No Django, Redis or MongoDB here: :func:`parse_request` turns a request body
into a :class:`CompletionRequest` (or raises a DomainError naming the bad
parameter), and :class:`ChunkWriter` turns the events of a run into the
``chat.completion.chunk`` objects (streaming) or the one ``chat.completion``
(not streaming) that the official SDKs parse.

What a plain client sees is the answer only: the run's top-level ``token``
events. Tool steps, the model's reasoning and nested work (sub-agents,
workflow nodes) ride in ``delta.reasoning_content`` and ``delta.reasoning``
(the fields DeepSeek and OpenRouter clients read).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from runs import events
from runs.events import Event
from tomato_agent.errors import DomainError, InvalidRequest

ROLES = ("system", "developer", "user", "assistant")
MAX_MESSAGES = 500
MAX_MESSAGE_CHARS = 200_000
VISIBLE_CHARS = 300  # of a tool's shown arguments or result in the reasoning text


class BadParameter(InvalidRequest):
    """A 400 that names the parameter (OpenAI's ``param``)."""

    def __init__(self, param: str, message: str, *, code: str = "invalid_request") -> None:
        super().__init__(message, code=code)
        self.param = param


@dataclass(frozen=True)
class CompletionRequest:
    model: str
    prompt: str  # the last user message: what this request asks
    history: list[tuple[str, str]]  # the (role, text) user and assistant messages before it
    stream: bool = False
    include_usage: bool = False
    conversation_id: str | None = None  # the platform's extension: continue this conversation


def _text(content, index: int) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        text = content
    elif isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") not in ("text", "input_text"):
                kind = part.get("type") if isinstance(part, dict) else type(part).__name__
                raise BadParameter(
                    f"messages[{index}].content",
                    f"Content parts of type {kind!r} are not supported; send text.",
                    code="unsupported_parameter",
                )
            if not isinstance(part.get("text"), str):
                raise BadParameter(f"messages[{index}].content", "A text part needs a string `text`.")
            parts.append(part["text"])
        text = "\n".join(parts)
    else:
        raise BadParameter(f"messages[{index}].content", "content must be a string or a list of text parts.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadParameter(f"messages[{index}].content", f"A message may hold at most {MAX_MESSAGE_CHARS} characters.")
    return text


def parse_request(body: dict) -> CompletionRequest:
    """Validate a ``POST /v1/chat/completions`` body; raises BadParameter (400) naming what is wrong."""
    model = body.get("model")
    if not isinstance(model, str) or not model.strip():
        raise BadParameter("model", "model is required: one of the ids GET /v1/models lists.")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadParameter("messages", "messages must be a non-empty list.")
    if len(messages) > MAX_MESSAGES:
        raise BadParameter("messages", f"At most {MAX_MESSAGES} messages.")
    for name in ("tools", "functions"):
        if body.get(name):
            raise BadParameter(
                name,
                f"`{name}` is not supported: the agent calls its own tools and shows them in `reasoning_content`.",
                code="unsupported_parameter",
            )
    if body.get("n") not in (None, 1):
        raise BadParameter("n", "Only n=1 is supported.", code="unsupported_parameter")
    response_format = body.get("response_format")
    if response_format not in (None, {}) and (
        not isinstance(response_format, dict) or response_format.get("type") != "text"
    ):
        raise BadParameter(
            "response_format", "Only the text response format is supported.", code="unsupported_parameter"
        )
    stream = body.get("stream", False)
    if not isinstance(stream, bool) and stream is not None:
        raise BadParameter("stream", "stream must be true or false.")
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise BadParameter("stream_options", "stream_options must be an object.")
    conversation_id = body.get("conversation_id")
    if conversation_id is not None and not isinstance(conversation_id, str):
        raise BadParameter("conversation_id", "conversation_id must be a string.")

    transcript: list[tuple[str, str]] = []
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            role = message.get("role") if isinstance(message, dict) else None
            if role in ("tool", "function"):
                raise BadParameter(
                    f"messages[{index}].role",
                    "Tool messages are not supported: the agent runs its own tools.",
                    code="unsupported_parameter",
                )
            raise BadParameter(f"messages[{index}].role", f"role must be one of {', '.join(ROLES)}.")
        text = _text(message.get("content"), index)
        if message["role"] in ("user", "assistant"):
            transcript.append((message["role"], text))
    if not transcript or transcript[-1][0] != "user" or not transcript[-1][1].strip():
        raise BadParameter("messages", "The last message must be a non-empty user message.")
    return CompletionRequest(
        model=model.strip(),
        prompt=transcript[-1][1],
        history=transcript[:-1],
        stream=bool(stream),
        include_usage=bool(options.get("include_usage")),
        conversation_id=conversation_id or None,
    )


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= VISIBLE_CHARS else text[: VISIBLE_CHARS - 1] + "…"


def step_text(event: Event) -> str | None:
    """A tool step or a nested unit's milestone as a line of reasoning text; None for other events."""
    data = event.data
    if event.type == events.TOOL_START:
        shown = data.get("visible")
        return f"\n→ {data.get('label') or data.get('tool')}" + (f" {_shown(shown)}" if shown else "") + "\n"
    if event.type == events.TOOL_RESULT:
        if not data.get("ok"):
            return f"✗ {data.get('label') or data.get('tool')}: {data.get('error') or 'failed'}\n"
        shown = data.get("visible")
        return f"✓ {data.get('label') or data.get('tool')}" + (f": {_shown(shown)}" if shown else "") + "\n"
    if event.type == events.TOOL_RETRY:
        return f"↻ {data.get('label') or data.get('tool') or 'tool'}: retrying\n"
    if event.type == events.NODE_STARTED:
        return f"\n▸ {data.get('label') or data.get('node_id') or data.get('id') or 'step'}\n"
    if event.type == events.NODE_FINISHED:
        name = data.get("label") or data.get("node_id") or data.get("id") or "step"
        return f"▪ {name}: {data.get('status') or 'done'}\n"
    return None


@dataclass
class ChunkWriter:
    """Turns one run's events into Chat Completions objects (one writer per request)."""

    completion_id: str
    model: str
    include_usage: bool = False
    created: int = field(default_factory=lambda: int(time.time()))
    content: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)

    def _chunk(self, delta: dict, *, finish_reason: str | None = None, usage: dict | None = None) -> dict:
        chunk = {
            "id": self.completion_id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
        }
        if usage is not None:
            chunk["usage"] = usage
        return chunk

    def first(self) -> dict:
        return self._chunk({"role": "assistant", "content": ""})

    def _reasoning_delta(self, text: str) -> dict:
        self.reasoning.append(text)
        return {"reasoning_content": text, "reasoning": text}

    def feed(self, event: Event) -> dict | None:
        """The chunk for one non-terminal event, or None (nothing a client shows)."""
        if event.type == events.TOKEN and not event.scope_raw:
            text = event.data
            self.content.append(text)
            return self._chunk({"content": text})
        text = event.data if event.type in events.TEXT_EVENTS else step_text(event)
        if not text:
            return None
        scope = event.scope
        if scope and scope != self.scope:
            text = f"\n[{' / '.join(scope)}]\n{text}"
        self.scope = scope
        return self._chunk(self._reasoning_delta(text))

    @staticmethod
    def usage(data: dict) -> dict | None:
        usage = data.get("usage") if isinstance(data, dict) else None
        if not usage:
            return None
        out = {
            "prompt_tokens": int(usage.get("prompt_tokens") or 0),
            "completion_tokens": int(usage.get("completion_tokens") or 0),
            "total_tokens": int(usage.get("total_tokens") or 0),
        }
        if usage.get("cost_usd") is not None:
            out["cost_usd"] = usage["cost_usd"]
        return out

    @staticmethod
    def finish_reason(terminal: Event) -> str:
        reason = terminal.data.get("finish_reason") if terminal.type == events.RESULT else None
        return "length" if reason == "length" else "stop"

    def last(self, terminal: Event) -> list[dict]:
        """The closing chunks of a run that succeeded or was cancelled: the finish reason with the usage
        (or, with ``stream_options.include_usage``, a separate usage chunk as OpenAI sends it)."""
        usage = self.usage(terminal.data)
        finish = self._chunk(
            {}, finish_reason=self.finish_reason(terminal), usage=None if self.include_usage else usage
        )
        if not self.include_usage:
            return [finish]
        closing = {key: value for key, value in self._chunk({}).items() if key != "choices"}
        return [finish, {**closing, "choices": [], "usage": usage}]

    def completion(self, terminal: Event) -> dict:
        """The whole ``chat.completion`` (not streaming), from what was fed and the terminal event."""
        content = terminal.data.get("content") if isinstance(terminal.data, dict) else None
        reasoning = "".join(self.reasoning) or None
        message = {
            "role": "assistant",
            "content": content if content is not None else "".join(self.content),
            "refusal": None,
            "reasoning_content": reasoning,
            "reasoning": reasoning,
        }
        return {
            "id": self.completion_id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": None,
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": self.finish_reason(terminal)}
            ],
            "usage": self.usage(terminal.data) or {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }


def run_error(terminal: Event) -> DomainError:
    """The error a failed run ended with, with the HTTP status it maps to."""
    data = terminal.data if isinstance(terminal.data, dict) else {}
    code = data.get("code") or "internal"
    status = (
        502
        if code.startswith("llm")
        else 429
        if code in ("budget_exceeded", "rate_limited")
        else 503
        if (code == "worker_lost")
        else 500
    )
    return DomainError(data.get("message") or "The run failed.", code=code, status_code=status)
