"""The one LLM client: any OpenAI-compatible endpoint through the ``openai`` SDK.

Streaming sends the request through the SDK's own ``post`` (its retries,
errors, headers and connection pool) with the body already encoded by orjson,
and reads the raw SSE lines of the unparsed response, parsed with orjson: the
SDK's typed chunk objects were the largest per-token cost measured on this
platform, and its request-parameter transform (a walk of every message
against the typed schema) and JSON encoding took about 12 % of the worker's
CPU in a profile of sequential chat turns (docs/benchmarks.md). Each network read becomes one
*batch* of deltas, which the loop hands to the event sink as one write.

The SDK retries 408/409/429/5xx and connection errors with backoff before the
stream starts (``max_retries``); once the first byte of the answer has arrived
nothing is retried, and a failure becomes ``llm_error``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx2 as httpx  # the HTTP library the openai 3.x SDK is built on
import openai
import orjson
from django.conf import settings

from tomato_agent.errors import DomainError
from tools.registry import ToolCall

log = logging.getLogger(__name__)

REASONING = "reasoning_token"
TOKEN = "token"
DEFAULT = object()  # "the client's own" for per-call overrides


class LLMError(DomainError):
    code = "llm_error"
    status = 502
    message = "The model returned an error."


@dataclass
class LLMTurn:
    """One completion, assembled from its stream."""

    content: str = ""
    reasoning: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    usage: dict | None = None
    model: str = ""


@dataclass
class _Draft:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)


class CompletionStream:
    """Iterate for batches of ``(kind, text)`` deltas; read :attr:`turn` at any point."""

    def __init__(self, response, model: str) -> None:
        self._response = response
        self._turn = LLMTurn(model=model)
        self._content: list[str] = []
        self._reasoning: list[str] = []
        self._drafts: dict[int, _Draft] = {}
        self._buffer = b""
        self.started = False  # any delta received

    def __iter__(self) -> Iterator[list[tuple[str, str]]]:
        try:
            for chunk in self._response.iter_bytes():
                batch = self._feed(chunk)
                if batch:
                    self.started = True
                    yield batch
            if self._buffer.strip():
                batch = self._feed(b"\n")
                if batch:
                    yield batch
        except httpx.TimeoutException:
            raise LLMError("The model stopped responding.", code="llm_timeout", status_code=504) from None
        except (httpx.HTTPError, openai.APIError) as exc:
            log.warning("LLM stream broke: %s", type(exc).__name__)
            raise LLMError("The model's stream broke off.") from None

    def _feed(self, chunk: bytes) -> list[tuple[str, str]]:
        data = self._buffer + chunk
        lines = data.split(b"\n")
        self._buffer = lines.pop()
        batch: list[tuple[str, str]] = []
        for line in lines:
            line = line.strip()
            if not line.startswith(b"data:"):
                continue
            payload = line[5:].strip()
            if not payload or payload == b"[DONE]":
                continue
            try:
                obj = orjson.loads(payload)
            except orjson.JSONDecodeError:
                log.warning("LLM sent a line that is not JSON")
                continue
            self._apply(obj, batch)
        return batch

    def _apply(self, obj: dict, batch: list[tuple[str, str]]) -> None:
        if obj.get("error"):
            raise LLMError("The model reported an error mid-answer.")
        if obj.get("usage"):
            self._turn.usage = obj["usage"]
        if obj.get("model"):
            self._turn.model = obj["model"]
        for choice in obj.get("choices") or ():
            delta = choice.get("delta") or {}
            reasoning = delta.get("reasoning_content") or delta.get("reasoning")
            if isinstance(reasoning, str) and reasoning:
                self._reasoning.append(reasoning)
                batch.append((REASONING, reasoning))
            content = delta.get("content")
            if isinstance(content, str) and content:
                self._content.append(content)
                batch.append((TOKEN, content))
            for call in delta.get("tool_calls") or ():
                draft = self._drafts.setdefault(call.get("index", 0), _Draft())
                if call.get("id"):
                    draft.id = call["id"]
                function = call.get("function") or {}
                if function.get("name"):
                    draft.name = function["name"]
                if function.get("arguments"):
                    draft.arguments.append(function["arguments"])
            if choice.get("finish_reason"):
                self._turn.finish_reason = choice["finish_reason"]

    def close(self) -> None:
        """Abort the stream from another thread or greenlet (a cancelled run): the connection closes,
        and a read blocked on it ends (at once under gevent; at the next bytes with OS threads)."""
        self._response.close()

    @property
    def turn(self) -> LLMTurn:
        """What has arrived so far, assembled (complete once iteration ends)."""
        self._turn.content = "".join(self._content)
        self._turn.reasoning = "".join(self._reasoning)
        self._turn.tool_calls = [
            ToolCall(call_id=d.id or f"call_{i}", name=d.name, arguments="".join(d.arguments))
            for i, d in sorted(self._drafts.items())
            if d.name
        ]
        return self._turn


class LLMClient:
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        model: str,
        connect_timeout: float = 10.0,
        read_timeout: float = 120.0,
        max_retries: int = 2,
        temperature: float | None = None,
        max_tokens: int | None = None,
    ) -> None:
        self.model = model
        self.temperature = temperature
        self.max_tokens = max_tokens  # a cap on each completion (SpotLight's runtime_config.model.max_tokens)
        # Keep as many connections alive as a worker holds runs (the SDK keeps 100 for 5 s): a burst of
        # answers must not open, and for HTTPS handshake, a new connection per run.
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=settings.LLM_KEEPALIVE_CONNECTIONS,
                              keepalive_expiry=30.0)  # fmt: skip
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "unset",
            max_retries=max_retries,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            http_client=openai.DefaultHttpxClient(limits=limits),
        )

    def list_models(self, *, timeout: float = 10.0) -> list[str]:
        """The model ids the endpoint lists (``GET /models``): a connection test. Errors become LLMError."""
        try:
            page = self._client.with_options(timeout=timeout, max_retries=0).models.list()
            return sorted(model.id for model in page)
        except openai.AuthenticationError:
            raise LLMError("The provider refused the API key (HTTP 401).", code="llm_error") from None
        except openai.APITimeoutError:
            raise LLMError("The provider did not answer in time.", code="llm_timeout", status_code=504) from None
        except openai.APIConnectionError:
            raise LLMError("The provider cannot be reached.", code="llm_unavailable", status_code=503) from None
        except openai.APIStatusError as exc:
            raise LLMError(f"The provider answered HTTP {exc.status_code}.", code="llm_error") from None

    @classmethod
    def from_settings(cls) -> LLMClient:
        return cls(
            base_url=settings.LLM_BASE_URL,
            api_key=settings.LLM_API_KEY,
            model=settings.LLM_MODEL,
            connect_timeout=settings.LLM_CONNECT_TIMEOUT,
            read_timeout=settings.LLM_READ_TIMEOUT,
            max_retries=settings.LLM_MAX_RETRIES,
            temperature=settings.LLM_TEMPERATURE,
        )

    def open_stream(
        self,
        messages: list[dict],
        tools: list[dict] | None = None,
        *,
        model: str | None = None,
        temperature: float | object | None = DEFAULT,
    ):
        """A context manager yielding a :class:`CompletionStream`; errors mapped to LLMError.

        ``model`` and ``temperature`` override the client's own for this call
        (one client, one connection pool, per provider).
        """
        body: dict[str, Any] = {
            "model": model or self.model,
            "messages": messages,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if tools:
            body["tools"] = tools
        temperature = self.temperature if temperature is DEFAULT else temperature
        if temperature is not None:
            body["temperature"] = temperature
        if self.max_tokens is not None:
            body["max_tokens"] = self.max_tokens
        return _StreamContext(self, body)


class _StreamContext:
    def __init__(self, client: LLMClient, body: dict) -> None:
        self._client = client
        self._body = body
        self._response: httpx.Response | None = None

    def __enter__(self) -> CompletionStream:
        # ``post`` with ``cast_to=httpx.Response`` and ``stream=True``: the SDK builds the request (headers,
        # auth, timeouts), retries and maps errors as ``chat.completions.create`` does, and hands back the
        # unread response; the body is the caller's own JSON, so the SDK does not walk it.
        try:
            response = self._client._client.post(
                "/chat/completions", cast_to=httpx.Response, content=orjson.dumps(self._body), stream=True
            )
        except openai.APITimeoutError:
            raise LLMError("The model did not answer in time.", code="llm_timeout", status_code=504) from None
        except openai.APIConnectionError:
            raise LLMError("The model service cannot be reached.", code="llm_unavailable", status_code=503) from None
        except openai.RateLimitError:
            raise LLMError("The model service is rate limiting requests.", code="llm_unavailable",
                           status_code=503) from None  # fmt: skip
        except openai.APIStatusError as exc:
            log.warning("LLM answered HTTP %s", exc.status_code)
            code = "llm_unavailable" if exc.status_code >= 500 else "llm_error"
            raise LLMError(f"The model service answered HTTP {exc.status_code}.", code=code) from None
        self._response = response
        return CompletionStream(response, self._body["model"])

    def __exit__(self, *exc_info) -> None:
        if self._response is not None:
            self._response.close()


_lock = threading.Lock()
_default: LLMClient | None = None


def get_llm() -> LLMClient:
    """The process's client (one HTTP connection pool)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = LLMClient.from_settings()
    return _default


def estimate_usage(messages: list[dict], turn: LLMTurn) -> dict:
    """A rough count (4 characters a token) for servers that report no usage."""
    prompt_chars = sum(len(str(m.get("content") or "")) for m in messages)
    completion_chars = len(turn.content) + len(turn.reasoning) + sum(len(c.arguments) for c in turn.tool_calls)
    prompt, completion = max(1, prompt_chars // 4), max(1, completion_chars // 4)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
            "estimated": True}  # fmt: skip
