"""Scenario language: turn validation, tokenisation, turn selection and plans.

See the package docstring (:mod:`scripted_llm`) for the user-facing description
of the scenario language.  This module is pure Python (no I/O, no asyncio) so it
can be unit-tested directly and shared by the HTTP server.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

DEMO_SCENARIO = "demo"

TURN_KEYS = frozenset(
    {
        "reasoning",
        "reasoning_field",
        "content",
        "tool_calls",
        "usage",
        "delay_ms",
        "first_delay_ms",
        "tokens",
        "token_words",
        "error",
        "error_after_tokens",
        "finish_reason",
    }
)
REASONING_FIELDS = {
    "reasoning_content": ("reasoning_content",),
    "reasoning": ("reasoning",),
    "both": ("reasoning_content", "reasoning"),
}
FINISH_REASONS = frozenset({"stop", "tool_calls", "length", "content_filter"})
END_OF_SCENARIO_TEXT = "(scripted) The scenario {name!r} has no more turns."

_PIECE_RE = re.compile(r"\S+\s*|\s+")
_LONG_WORD = 12
_WORD_SLICE = 8
MARKER_RE = re.compile(r"\[scenario:([^\]\s]+)\]")
_id_prefix = os.urandom(4).hex()
_id_counter = itertools.count(1)


class RequestError(Exception):
    """An HTTP error to send back in the OpenAI error format."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type_: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type_
        self.code = code
        self.param = param
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return error_body(self.message, self.type, code=self.code, param=self.param)


def error_body(message: str, type_: str, *, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    """Return an OpenAI-style error body."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def new_id(prefix: str) -> str:
    """Return a process-unique id such as ``chatcmpl-1a2b3c4d00000001``."""
    return f"{prefix}{_id_prefix}{next(_id_counter):08x}"


# --------------------------------------------------------------------------- #
# Tokenisation
# --------------------------------------------------------------------------- #
def tokenize(text: str) -> list[str]:
    """Split ``text`` into small pieces whose concatenation is exactly ``text``.

    Pieces are words with their trailing whitespace (leading whitespace is its
    own piece); words longer than 12 characters are cut into 8-character slices.
    """
    pieces: list[str] = []
    for match in _PIECE_RE.finditer(text):
        piece = match.group()
        word = piece.rstrip()
        if len(word) <= _LONG_WORD:
            pieces.append(piece)
            continue
        tail = piece[len(word) :]
        slices = [word[i : i + _WORD_SLICE] for i in range(0, len(word), _WORD_SLICE)]
        slices[-1] += tail
        pieces.extend(slices)
    return pieces


def split_arguments(arguments: str, parts: int = 3) -> list[str]:
    """Split tool-call argument text into a few pieces (at most ``parts``)."""
    if not arguments:
        return []
    size = max(4, math.ceil(len(arguments) / parts))
    return [arguments[i : i + size] for i in range(0, len(arguments), size)]


# --------------------------------------------------------------------------- #
# Message helpers
# --------------------------------------------------------------------------- #
def text_of(content: Any) -> str:
    """Return the text of an OpenAI message ``content`` (string or parts list)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(part["text"])
        return "\n".join(texts)
    return str(content)


def last_user_index(messages: list[dict[str, Any]]) -> int:
    """Index of the last ``user`` message, or -1."""
    for i in range(len(messages) - 1, -1, -1):
        if messages[i].get("role") == "user":
            return i
    return -1


def last_user_text(messages: list[dict[str, Any]]) -> str:
    i = last_user_index(messages)
    return text_of(messages[i].get("content")) if i >= 0 else ""


def turn_index(messages: list[dict[str, Any]]) -> int:
    """Number of ``assistant`` messages after the last ``user`` message."""
    start = last_user_index(messages) + 1
    return sum(1 for m in messages[start:] if m.get("role") == "assistant")


def prompt_chars(messages: list[dict[str, Any]]) -> int:
    total = 0
    for m in messages:
        total += len(text_of(m.get("content")))
        for call in m.get("tool_calls") or ():
            fn = (call.get("function") or {}) if isinstance(call, dict) else {}
            total += len(str(fn.get("name") or "")) + len(str(fn.get("arguments") or ""))
    return total


def request_tool_names(request: dict[str, Any]) -> list[str]:
    """Names of the functions offered in ``tools`` (or legacy ``functions``)."""
    names = []
    for tool in request.get("tools") or ():
        if isinstance(tool, dict):
            fn = tool.get("function") if isinstance(tool.get("function"), dict) else tool
            if isinstance(fn.get("name"), str):
                names.append(fn["name"])
    for fn in request.get("functions") or ():
        if isinstance(fn, dict) and isinstance(fn.get("name"), str):
            names.append(fn["name"])
    return names


def is_no_tools_model(model: str) -> bool:
    return model.startswith("no-tools")


# --------------------------------------------------------------------------- #
# Validation
# --------------------------------------------------------------------------- #
def _check_delay(turn: dict[str, Any], key: str, where: str) -> None:
    value = turn.get(key)
    if value is not None and (not isinstance(value, (int, float)) or value < 0):
        raise ValueError(f"{where}: {key} must be a non-negative number")


def validate_turn(turn: Any, where: str = "turn") -> dict[str, Any]:
    """Check one turn dict; raise ``ValueError`` with a readable message."""
    if not isinstance(turn, dict):
        raise ValueError(f"{where}: a turn must be an object, got {type(turn).__name__}")
    unknown = set(turn) - TURN_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(TURN_KEYS)}")
    for key in ("reasoning", "content"):
        if turn.get(key) is not None and not isinstance(turn[key], str):
            raise ValueError(f"{where}: {key} must be a string")
    if turn.get("reasoning_field", "reasoning_content") not in REASONING_FIELDS:
        raise ValueError(f"{where}: reasoning_field must be one of {sorted(REASONING_FIELDS)}")
    calls = turn.get("tool_calls")
    if calls is not None:
        if not isinstance(calls, list):
            raise ValueError(f"{where}: tool_calls must be a list")
        for j, call in enumerate(calls):
            if not isinstance(call, dict) or not isinstance(call.get("name"), str):
                raise ValueError(f"{where}: tool_calls[{j}] needs a string 'name'")
            extra = set(call) - {"name", "arguments", "id"}
            if extra:
                raise ValueError(f"{where}: tool_calls[{j}] has unknown keys {sorted(extra)}")
    usage = turn.get("usage")
    if usage is not None and not isinstance(usage, dict):
        raise ValueError(f"{where}: usage must be an object or null")
    _check_delay(turn, "delay_ms", where)
    _check_delay(turn, "first_delay_ms", where)
    tokens = turn.get("tokens")
    if tokens is not None and (not isinstance(tokens, int) or tokens < 0):
        raise ValueError(f"{where}: tokens must be a non-negative integer")
    words = turn.get("token_words")
    if words is not None and (not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words)):
        raise ValueError(f"{where}: token_words must be a non-empty list of strings")
    error = turn.get("error")
    if error is not None:
        if not isinstance(error, dict) or not isinstance(error.get("status"), int):
            raise ValueError(f"{where}: error needs an integer 'status'")
        if not 400 <= error["status"] <= 599:
            raise ValueError(f"{where}: error status must be 4xx or 5xx")
    abort = turn.get("error_after_tokens")
    if abort is not None:
        count = abort.get("tokens") if isinstance(abort, dict) else abort
        if not isinstance(count, int) or count < 0:
            raise ValueError(f"{where}: error_after_tokens must be an int or {{'tokens': int}}")
        if isinstance(abort, dict) and abort.get("mode", "abort") not in ("abort", "sse"):
            raise ValueError(f"{where}: error_after_tokens.mode must be 'abort' or 'sse'")
    finish = turn.get("finish_reason")
    if finish is not None and finish not in FINISH_REASONS:
        raise ValueError(f"{where}: finish_reason must be one of {sorted(FINISH_REASONS)}")
    return turn


def validate_turns(turns: Any, name: str = "scenario") -> list[dict[str, Any]]:
    """Validate a scenario's turn list (also accepts ``{"turns": [...]}``)."""
    if isinstance(turns, dict) and "turns" in turns:
        turns = turns["turns"]
    if not isinstance(turns, list) or not turns:
        raise ValueError(f"{name}: turns must be a non-empty list")
    return [validate_turn(t, f"{name}.turns[{i}]") for i, t in enumerate(turns)]


def load_script(
    source: str | os.PathLike[str] | dict[str, Any],
) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[re.Pattern[str], str]]]:
    """Load a script (path to a JSON file or an already-parsed dict).

    Returns ``(scenarios, rules)`` where rules are ``(compiled_regex, name)``.
    """
    data = source if isinstance(source, dict) else json.loads(Path(source).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("script: top level must be an object")
    scenarios = {name: validate_turns(spec, name) for name, spec in (data.get("scenarios") or {}).items()}
    rules = []
    for i, rule in enumerate(data.get("rules") or []):
        if not isinstance(rule, dict) or "match" not in rule or "scenario" not in rule:
            raise ValueError(f"script: rules[{i}] needs 'match' and 'scenario'")
        rules.append((re.compile(rule["match"]), rule["scenario"]))
    return scenarios, rules


# --------------------------------------------------------------------------- #
# Plans: what exactly to send for one request
# --------------------------------------------------------------------------- #
@dataclass
class ToolCallPlan:
    id: str
    name: str
    arguments: str
    pieces: list[str]


@dataclass
class Plan:
    """A fully resolved answer: pieces to stream plus timing and failure knobs."""

    reasoning: list[str] = field(default_factory=list)
    reasoning_fields: tuple[str, ...] = ("reasoning_content",)
    content: list[str] = field(default_factory=list)
    has_content: bool = False
    tool_calls: list[ToolCallPlan] = field(default_factory=list)
    finish_reason: str = "stop"
    usage: dict[str, Any] | None = None
    delay_ms: float = 0.0
    first_delay_ms: float = 0.0
    abort_after: int | None = None
    abort_mode: str = "abort"
    abort_message: str = "scripted stream failure"

    @property
    def completion_pieces(self) -> int:
        return len(self.reasoning) + len(self.content) + sum(len(c.pieces) for c in self.tool_calls)

    def message(self) -> dict[str, Any]:
        """The assistant message of a non-streaming ``chat.completion``."""
        content: str | None = "".join(self.content)
        if not self.has_content and self.tool_calls:
            content = None
        msg: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
        if self.reasoning:
            for name in self.reasoning_fields:
                msg[name] = "".join(self.reasoning)
        if self.tool_calls:
            msg["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                }
                for c in self.tool_calls
            ]
        return msg


def _arguments_text(arguments: Any) -> str:
    if arguments is None:
        return "{}"
    if isinstance(arguments, str):
        return arguments
    return orjson.dumps(arguments).decode()


def build_plan(turn: dict[str, Any], request: dict[str, Any], *, default_delay_ms: float = 0.0) -> Plan:
    """Turn a (validated) turn dict into a :class:`Plan` for ``request``."""
    plan = Plan()
    plan.reasoning = tokenize(turn.get("reasoning") or "")
    plan.reasoning_fields = REASONING_FIELDS[turn.get("reasoning_field") or "reasoning_content"]
    n_tokens = turn.get("tokens")
    if n_tokens:
        words = turn.get("token_words")
        if words:
            plan.content = [f"{words[i % len(words)]} " for i in range(n_tokens)]
        else:
            plan.content = [f"tok{i} " for i in range(n_tokens)]
    else:
        plan.content = tokenize(turn.get("content") or "")
    plan.has_content = bool(plan.content) or turn.get("content") is not None
    for call in turn.get("tool_calls") or ():
        args = _arguments_text(call.get("arguments"))
        plan.tool_calls.append(
            ToolCallPlan(
                id=call.get("id") or new_id("call_"),
                name=call["name"],
                arguments=args,
                pieces=split_arguments(args),
            )
        )
    plan.finish_reason = turn.get("finish_reason") or ("tool_calls" if plan.tool_calls else "stop")

    limit = request.get("max_completion_tokens") or request.get("max_tokens")
    if isinstance(limit, int) and limit > 0 and plan.completion_pieces > limit:
        plan.reasoning = plan.reasoning[:limit]
        plan.content = plan.content[: max(0, limit - len(plan.reasoning))]
        plan.tool_calls = []
        plan.finish_reason = "length"

    if "usage" in turn:
        usage = turn["usage"]
        if usage is not None:
            usage = dict(usage)
            usage.setdefault("prompt_tokens", 0)
            usage.setdefault("completion_tokens", 0)
            usage.setdefault("total_tokens", usage["prompt_tokens"] + usage["completion_tokens"])
        plan.usage = usage
    else:
        prompt = max(1, prompt_chars(request.get("messages") or []) // 4)
        completion = plan.completion_pieces
        plan.usage = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    delay = turn.get("delay_ms")
    plan.delay_ms = float(default_delay_ms if delay is None else delay)
    plan.first_delay_ms = float(turn.get("first_delay_ms") or 0)

    abort = turn.get("error_after_tokens")
    if abort is not None:
        if isinstance(abort, dict):
            plan.abort_after = int(abort.get("tokens", 0))
            plan.abort_mode = abort.get("mode", "abort")
            plan.abort_message = abort.get("message") or plan.abort_message
        else:
            plan.abort_after = int(abort)
    return plan


def _past_end_turn(name: str, turns: list[dict[str, Any]]) -> dict[str, Any]:
    last = turns[-1]
    if last.get("content"):
        turn: dict[str, Any] = {"content": last["content"]}
        if last.get("delay_ms") is not None:
            turn["delay_ms"] = last["delay_ms"]
        return turn
    return {"content": END_OF_SCENARIO_TEXT.format(name=name)}


# --------------------------------------------------------------------------- #
# The mutable store shared by the HTTP server and the Python API
# --------------------------------------------------------------------------- #
@dataclass
class Resolution:
    scenario: str
    index: int
    turn: dict[str, Any]


class ScenarioStore:
    """Registered scenarios, script rules, error counters and recorded requests.

    Thread-safe: the asyncio server and the test thread both use it.
    """

    def __init__(
        self,
        script: str | os.PathLike[str] | dict[str, Any] | None = None,
        scenarios: dict[str, Any] | None = None,
        max_recorded: int = 1000,
    ) -> None:
        self._lock = threading.Lock()
        self.file_scenarios: dict[str, list[dict[str, Any]]] = {}
        self.file_rules: list[tuple[re.Pattern[str], str]] = []
        if script is not None:
            self.file_scenarios, self.file_rules = load_script(script)
        self.runtime: dict[str, list[dict[str, Any]]] = {}
        self.runtime_rules: list[tuple[re.Pattern[str], str]] = []
        self.error_counts: dict[tuple[str, int], int] = {}
        self.recorded: deque[dict[str, Any]] = deque(maxlen=max_recorded)
        self.stats = {"requests": 0, "active_streams": 0, "peak_streams": 0}
        for name, turns in (scenarios or {}).items():
            self.add(name, turns)

    # -- scenarios ---------------------------------------------------------- #
    def add(self, name: str, turns: Any, match: str | None = None) -> None:
        if not isinstance(name, str) or not name or any(c.isspace() or c == "]" for c in name):
            raise ValueError("scenario name must be a non-empty string without spaces or ']'")
        checked = validate_turns(turns, name)
        rule = re.compile(match) if match else None
        with self._lock:
            self.runtime[name] = checked
            self.runtime_rules = [r for r in self.runtime_rules if r[1] != name]
            if rule is not None:
                self.runtime_rules.append((rule, name))
            self.error_counts = {k: v for k, v in self.error_counts.items() if k[0] != name}

    def add_script(self, data: dict[str, Any]) -> list[str]:
        """Register a whole script (``{"scenarios": {...}, "rules": [...]}``) at runtime."""
        scenarios, rules = load_script(data)
        with self._lock:
            self.runtime.update(scenarios)
            self.runtime_rules.extend(rules)
            self.error_counts = {k: v for k, v in self.error_counts.items() if k[0] not in scenarios}
        return sorted(scenarios)

    def remove(self, name: str) -> bool:
        with self._lock:
            self.runtime_rules = [r for r in self.runtime_rules if r[1] != name]
            return self.runtime.pop(name, None) is not None

    def names(self) -> list[str]:
        with self._lock:
            return sorted(set(self.runtime) | set(self.file_scenarios))

    def reset(self) -> None:
        """Forget runtime scenarios, error counters and recorded requests."""
        with self._lock:
            self.runtime.clear()
            self.runtime_rules.clear()
            self.error_counts.clear()
            self.recorded.clear()
            self.stats.update(requests=0, peak_streams=self.stats["active_streams"])

    def _lookup(self, name: str) -> list[dict[str, Any]] | None:
        return self.runtime.get(name) or self.file_scenarios.get(name)

    # -- requests ----------------------------------------------------------- #
    def record(self, body: dict[str, Any]) -> None:
        with self._lock:
            self.recorded.append(body)
            self.stats["requests"] += 1

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            items = list(self.recorded)
        return items if limit is None else items[-limit:] if limit > 0 else []

    def stream_started(self) -> None:
        with self._lock:
            self.stats["active_streams"] += 1
            self.stats["peak_streams"] = max(self.stats["peak_streams"], self.stats["active_streams"])

    def stream_finished(self) -> None:
        with self._lock:
            self.stats["active_streams"] -= 1

    def snapshot_stats(self) -> dict[str, int]:
        with self._lock:
            return dict(self.stats)

    # -- selection ---------------------------------------------------------- #
    def resolve(self, request: dict[str, Any]) -> Resolution:
        """Pick the scenario and turn for a chat-completions request.

        Raises :class:`RequestError` for requests a real server would reject.
        """
        from .demo import demo_turn  # local import: demo depends on this module

        messages = request["messages"]
        model = str(request.get("model") or "")
        no_tools = is_no_tools_model(model)
        if no_tools and request_tool_names(request):
            raise RequestError(
                400,
                f"The model {model!r} does not support tools (function calling).",
                code="tools_not_supported",
                param="tools",
            )
        user_text = last_user_text(messages)
        name: str | None = None
        marker = MARKER_RE.search(user_text)
        with self._lock:
            if marker:
                name = marker.group(1)
                if name != DEMO_SCENARIO and self._lookup(name) is None:
                    raise RequestError(400, f"Unknown scenario {name!r} (known: {sorted(self.runtime)}).")
            else:
                for pattern, rule_name in (*self.runtime_rules, *self.file_rules):
                    if pattern.search(user_text) and self._lookup(rule_name) is not None:
                        name = rule_name
                        break
            turns = self._lookup(name) if name and name != DEMO_SCENARIO else None
            index = turn_index(messages)
            if turns is None:
                return Resolution(DEMO_SCENARIO, index, demo_turn(request, prompt_mode=no_tools))
            if index >= len(turns):
                return Resolution(name or "", index, _past_end_turn(name or "", turns))
            return Resolution(name or "", index, turns[index])

    def take_error(self, res: Resolution) -> RequestError | None:
        """Return the scripted HTTP error for this turn if it still has ``times`` left."""
        spec = res.turn.get("error")
        if not spec:
            return None
        times = spec.get("times", 1)
        key = (res.scenario, res.index)
        with self._lock:
            used = self.error_counts.get(key, 0)
            if times is not None and times >= 0 and used >= times:
                return None
            self.error_counts[key] = used + 1
        status = spec["status"]
        headers = {}
        if spec.get("retry_after") is not None:
            headers["Retry-After"] = str(spec["retry_after"])
        default_type = "server_error" if status >= 500 else "invalid_request_error"
        if status == 429:
            default_type = "rate_limit_exceeded"
        return RequestError(
            status,
            spec.get("message") or f"scripted error {status}",
            type_=spec.get("type") or default_type,
            code=spec.get("code"),
            headers=headers,
        )
