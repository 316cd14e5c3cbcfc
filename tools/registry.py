"""The tool registry: a tool is declared once, the agent loop and the API read it.

A :class:`Tool` carries everything the platform needs: the name the model
calls, the alias people see, the description and output rules the model is
told, JSON-schema parameters, visible formatters (what a person may see of
the arguments and the result — never secrets), a timeout, and who may use it.

Static tools are registered at start-up (``tools.builtin``, ``rag.tools``);
dynamic ones (admin-defined HTTP tools) come from *sources*, callables that
return the tools a given user may use. Nothing here knows Celery, Channels or
HTTP requests.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from typing import Any

import jsonschema

log = logging.getLogger(__name__)

MAX_RESULT_CHARS = 20_000


@dataclass(frozen=True)
class ToolContext:
    """Who runs a tool, and for which run. Tools act strictly as this user."""

    user_id: int
    is_staff: bool = False
    run_id: str = ""
    conversation_id: str = ""
    # The run's cancel token (runs.kinds.CancelToken: ``cancelled``, ``on_cancel(callback)``), or None
    # outside a run: a tool that blocks (run_python's sandbox) stops as soon as the run is cancelled.
    cancel: Any = field(default=None, compare=False)
    knowledge_tags: tuple[str, ...] = ()  # an agent's knowledge: snippet tags that scope code_search
    call_id: str = ""  # the call being run (set by run_call)


class ToolError(Exception):
    """A failure whose message is safe to show the model and a person."""


class TransientToolError(ToolError):
    """A failure that may pass when tried again: a timeout, HTTP 429 or 5xx, a connection error."""


@dataclass(frozen=True)
class RetryPolicy:
    """How an idempotent tool is retried after a :class:`TransientToolError` (or its own timeout).

    ``attempts`` counts every try (the first included); the wait before try n+1
    is ``backoff * 2**(n-1)``, at most ``max_backoff`` seconds.
    """

    attempts: int = 3
    backoff: float = 0.2
    max_backoff: float = 2.0

    def delay(self, attempt: int) -> float:
        """The wait after failed try number ``attempt`` (1-based)."""
        return min(self.max_backoff, self.backoff * (2 ** (attempt - 1)))


def _hide_all(arguments: dict) -> dict:
    return {}


def _no_result(result: Any) -> Any:
    return None


def _everyone(ctx: ToolContext) -> bool:
    return True


@dataclass(frozen=True)
class Tool:
    name: str
    alias: str
    description: str
    parameters: dict
    func: Callable[[dict, ToolContext], Any]
    output_rules: str = ""
    visible_args: Callable[[dict], dict] = _hide_all
    visible_result: Callable[[Any], Any] = _no_result
    timeout: float = 15.0
    available: Callable[[ToolContext], bool] = _everyone
    # Safe to run twice with the same arguments: only such tools are retried (by ``retry``) after
    # a transient failure. A tool that changes something (saves, sends, pays) is not.
    idempotent: bool = False
    retry: RetryPolicy = RetryPolicy()

    def openai_spec(self) -> dict:
        return {
            "type": "function",
            "function": {"name": self.name, "description": self.description, "parameters": self.parameters},
        }


@dataclass
class ToolOutcome:
    """One finished call: what the model gets back and what a person may see."""

    call_id: str
    tool: str
    label: str
    ok: bool
    content: str  # the tool message for the model
    visible: Any = None
    error: str | None = None
    duration_ms: int = 0
    result: Any = field(default=None, repr=False)
    retries: list[dict] = field(default_factory=list)  # one entry per retry: {attempt, attempts, error, delay_ms}


@dataclass(frozen=True)
class ToolCall:
    call_id: str
    name: str
    arguments: str  # raw JSON text as the model produced it


class Registry:
    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}
        self._sources: list[Callable[[ToolContext], Iterable[Tool]]] = []

    def register(self, tool: Tool) -> Tool:
        """Add a tool; registering the same tool again (an app's ready() run twice) is a no-op."""
        if self._tools.get(tool.name) is tool:
            return tool
        if tool.name in self._tools:
            raise ValueError(f"another tool is already registered as {tool.name!r}")
        jsonschema.Draft202012Validator.check_schema(tool.parameters)
        self._tools[tool.name] = tool
        return tool

    def unregister(self, name: str) -> None:
        self._tools.pop(name, None)

    def tools_for_static(self) -> list[Tool]:
        return list(self._tools.values())

    def add_source(self, source: Callable[[ToolContext], Iterable[Tool]]) -> None:
        if source not in self._sources:
            self._sources.append(source)

    def tools_for(self, ctx: ToolContext) -> list[Tool]:
        """The tools this user may use, static first, by name."""
        tools = dict(self._tools)
        for source in self._sources:
            for tool in source(ctx):
                tools.setdefault(tool.name, tool)
        return [tool for tool in tools.values() if tool.available(ctx)]

    # -- running ----------------------------------------------------------------
    def run_calls(
        self, calls: list[ToolCall], ctx: ToolContext, tools: list[Tool], on_retry: OnRetry | None = None
    ) -> list[ToolOutcome]:
        """Run the calls concurrently, each bounded by its tool's timeout (and retried if idempotent); never raises."""
        by_name = {tool.name: tool for tool in tools}
        if len(calls) == 1:
            return [run_call(calls[0], by_name.get(calls[0].name), ctx, on_retry=on_retry)]
        with ThreadPoolExecutor(max_workers=min(8, len(calls)), thread_name_prefix="tool") as pool:
            futures = [pool.submit(run_call, call, by_name.get(call.name), ctx, on_retry=on_retry) for call in calls]
            return [future.result() for future in futures]


def parse_arguments(raw: str) -> dict:
    if not raw or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ToolError(f"arguments are not valid JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise ToolError("arguments must be a JSON object")
    return value


def _to_text(result: Any) -> str:
    text = result if isinstance(result, str) else json.dumps(result, ensure_ascii=False, default=str)
    if len(text) > MAX_RESULT_CHARS:
        text = text[:MAX_RESULT_CHARS] + "… [truncated]"
    return text


OnRetry = Callable[[ToolCall, Tool, dict], None]


def run_call(call: ToolCall, tool: Tool | None, ctx: ToolContext, *, on_retry: OnRetry | None = None) -> ToolOutcome:
    """Validate and run one call under its timeout. Errors become the tool result.

    An idempotent tool that fails transiently (:class:`TransientToolError`, or
    its timeout) is tried again by its :class:`RetryPolicy`; ``on_retry`` hears
    of each retry before it waits (``{attempt, attempts, error, delay_ms}``:
    ``attempt`` is the try about to start). Other tools are tried once.
    """
    started = time.monotonic()
    retries: list[dict] = []

    def outcome(ok: bool, content: str, **extra) -> ToolOutcome:
        return ToolOutcome(
            call_id=call.call_id,
            tool=call.name,
            label=tool.alias if tool else call.name,
            ok=ok,
            content=content,
            duration_ms=int((time.monotonic() - started) * 1000),
            retries=retries,
            **extra,
        )

    if tool is None:
        message = f"unknown tool {call.name!r}"
        return outcome(False, f"Error: {message}", error=message)
    try:
        arguments = parse_arguments(call.arguments)
        errors = sorted(jsonschema.Draft202012Validator(tool.parameters).iter_errors(arguments), key=str)
        if errors:
            raise ToolError(f"invalid arguments: {errors[0].message}")
        result = _call_with_retries(tool, arguments, replace(ctx, call_id=call.call_id), call, retries, on_retry)
    except ToolError as exc:
        return outcome(False, f"Error: {exc}", error=str(exc))
    except Exception:
        log.exception("tool %s failed", call.name)
        message = "the tool failed unexpectedly"
        return outcome(False, f"Error: {message}", error=message)
    shown = _safe_visible(tool.visible_result, result)
    return outcome(True, _to_text(result), visible=shown, result=result)


def _safe_visible(formatter: Callable[[Any], Any], value: Any) -> Any:
    try:
        return formatter(value)
    except Exception:
        log.exception("visible formatter failed")
        return None


def _call_with_retries(
    tool: Tool, arguments: dict, ctx: ToolContext, call: ToolCall, retries: list[dict], on_retry: OnRetry | None
) -> Any:
    attempts = max(1, tool.retry.attempts) if tool.idempotent else 1
    for attempt in range(1, attempts + 1):
        try:
            return _call_with_timeout(tool, arguments, ctx)
        except TransientToolError as exc:
            if attempt >= attempts:
                raise
            delay = tool.retry.delay(attempt)
            entry = {"attempt": attempt + 1, "attempts": attempts, "error": str(exc), "delay_ms": int(delay * 1000)}
            retries.append(entry)
            log.info("tool %s failed transiently (%s); try %d of %d", tool.name, exc, attempt + 1, attempts)
            if on_retry is not None:
                try:
                    on_retry(call, tool, entry)
                except Exception:
                    log.exception("reporting a retry of %s failed", tool.name)
            if ctx.cancel is None:
                time.sleep(delay)
            elif ctx.cancel.wait(delay):  # a Stop never waits out a backoff
                raise ToolError("the run was stopped") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _call_with_timeout(tool: Tool, arguments: dict, ctx: ToolContext) -> Any:
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"tool-{tool.name}")
    try:
        future = pool.submit(tool.func, arguments, ctx)
        try:
            return future.result(timeout=tool.timeout)
        except FutureTimeout:
            raise TransientToolError(f"timed out after {tool.timeout:g}s") from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def visible_arguments(tool: Tool | None, raw_arguments: str) -> dict:
    """What a person may see of a call's arguments before it runs (for ``tool_start``)."""
    if tool is None:
        return {}
    try:
        return _safe_visible(tool.visible_args, parse_arguments(raw_arguments)) or {}
    except ToolError:
        return {}


registry = Registry()
