"""The judge → act → answer loop, in plain Python.

It takes an LLM client, the tools this user may use, the conversation so far
and an event sink, and knows nothing of Celery, Channels or HTTP. Each model
turn either answers (done) or asks for tools (act): the tools run concurrently,
their results go back to the model, and the loop turns again — up to
``max_iterations`` model calls.
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from agents.llm import REASONING, LLMError, estimate_usage
from agents.prompting import parse_action
from providers.gateway import BUDGET_EXCEEDED
from runs import events
from runs.kinds import EventSink

if TYPE_CHECKING:
    from providers.gateway import MeteredModel
from tools.registry import Registry, Tool, ToolContext, visible_arguments

log = logging.getLogger(__name__)


@dataclass
class LoopResult:
    status: str  # succeeded | cancelled | failed
    content: str = ""  # exactly the concatenated `token` events
    final_content: str = ""  # the text of the last model turn (after the tool rounds)
    reasoning: str = ""
    rounds: list[dict] = field(default_factory=list)  # tool rounds, for history and the report
    usage: dict = field(default_factory=lambda: {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0})
    steps: list[dict] = field(default_factory=list)
    error: dict | None = None
    finish_reason: str | None = None
    model: str = ""


class _PromptModeFilter:
    """Streams plain-text replies live; holds back replies that look like a JSON action."""

    def __init__(self) -> None:
        self.mode: str | None = None  # None (undecided) | "text" | "action"
        self.held: list[str] = []

    def feed(self, text: str) -> str:
        if self.mode == "text":
            return text
        if self.mode == "action":
            self.held.append(text)
            return ""
        self.held.append(text)
        joined = "".join(self.held).lstrip()
        if not joined:
            return ""
        self.mode = "action" if joined[0] in "{`" else "text"
        if self.mode == "text":
            out, self.held = "".join(self.held), []
            return out
        return ""


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _add_usage(total: dict, usage: dict) -> None:
    for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
        total[key] = total.get(key, 0) + int(usage.get(key) or 0)
    if usage.get("estimated"):
        total["estimated"] = True


def run_loop(
    *,
    llm: MeteredModel,
    registry: Registry,
    tools: list[Tool],
    ctx: ToolContext,
    messages: list[dict],
    sink: EventSink,
    mode: str = "native",
    max_iterations: int = 6,
) -> LoopResult:
    """Run one agent turn; never raises for model or tool failures (they end up in the result).

    ``llm`` comes from :class:`providers.gateway.ModelGateway`: every model
    call is recorded in the run's meter, and a stream that crosses the
    person's budget stops; the answer then ends with ``budget_exceeded``, its
    partial text kept.
    """
    result = LoopResult(status="failed", model=llm.model)
    specs = [tool.openai_spec() for tool in tools] if mode == "native" and tools else None
    tools_by_name = {tool.name: tool for tool in tools}
    text_parts: list[str] = []
    reasoning_parts: list[str] = []
    messages = list(messages)

    emitted: list[str] = []

    def finish(status: str, error: dict | None = None) -> LoopResult:
        result.status = status
        result.final_content = "".join(emitted)
        result.error = error
        result.content = "".join(text_parts)
        result.reasoning = "".join(reasoning_parts)
        return result

    for iteration in range(max_iterations):
        started, started_at = time.monotonic(), _now()
        prompt_filter = _PromptModeFilter() if mode == "prompt" else None
        emitted: list[str] = []
        step: dict[str, Any] = {"kind": "llm", "name": llm.model, "started_at": started_at}
        if getattr(llm, "choice", None) is not None:
            step["provider"] = llm.choice.provider
        result.steps.append(step)
        stream = None
        try:
            with llm.open_stream(messages, specs) as stream:
                for batch in stream:
                    for kind, text in batch:
                        if kind == REASONING:
                            reasoning_parts.append(text)
                            sink.emit(events.REASONING_TOKEN, text)
                            continue
                        if prompt_filter is not None:
                            text = prompt_filter.feed(text)
                            if not text:
                                continue
                        emitted.append(text)
                        sink.emit(events.TOKEN, text)
                    sink.flush()
                    if sink.cancelled:
                        break
                turn = stream.turn
        except LLMError as exc:
            text_parts.extend(emitted)
            sink.flush()
            step.update(duration_ms=int((time.monotonic() - started) * 1000), ok=False)
            if sink.cancelled:
                return finish("cancelled")
            return finish("failed", exc.as_dict())
        usage = getattr(stream, "usage", None) or turn.usage or estimate_usage(messages, turn)
        _add_usage(result.usage, usage)
        step.update(duration_ms=int((time.monotonic() - started) * 1000), ok=True, usage=usage)
        result.finish_reason = turn.finish_reason
        if turn.model:
            result.model = turn.model

        if sink.cancelled:
            text_parts.extend(emitted)
            return finish("cancelled")
        if getattr(stream, "exceeded", False) or getattr(stream, "over_budget", False):
            text_parts.extend(emitted)
            return finish("failed", dict(BUDGET_EXCEEDED))

        # Judge: did the model answer, or ask to act?
        calls = turn.tool_calls if mode == "native" else []
        if prompt_filter is not None and prompt_filter.mode == "action":
            answer, calls = parse_action(turn.content, call_id_prefix=f"r{iteration}")
            if answer is not None:
                emitted.append(answer)
                sink.emit(events.TOKEN, answer)
                sink.flush()
        text_parts.extend(emitted)
        if not calls:
            return finish("succeeded")

        # Act: run the requested tools concurrently, show what a person may see.
        shown_arguments = {}
        for call in calls:
            tool = tools_by_name.get(call.name)
            shown_arguments[call.call_id] = visible_arguments(tool, call.arguments)
            sink.emit(events.TOOL_START, {
                "call_id": call.call_id, "tool": call.name,
                "label": tool.alias if tool else call.name,
                "visible": shown_arguments[call.call_id],
            })  # fmt: skip
        sink.flush()
        tools_started_at = _now()
        outcomes = registry.run_calls(calls, ctx, tools, on_retry=functools.partial(_retrying, sink))
        for outcome in outcomes:
            sink.emit(events.TOOL_RESULT, {
                "call_id": outcome.call_id, "tool": outcome.tool, "label": outcome.label,
                "ok": outcome.ok, "visible": outcome.visible, "error": outcome.error,
                "duration_ms": outcome.duration_ms,
            })  # fmt: skip
            step = {
                "kind": "tool",
                "name": outcome.tool,
                "call_id": outcome.call_id,
                "started_at": tools_started_at,
                "duration_ms": outcome.duration_ms,
                "ok": outcome.ok,
            }
            if outcome.retries:
                step["retries"] = outcome.retries
            result.steps.append(step)
        sink.flush()
        result.rounds.append({
            "content": turn.content,
            "tool_calls": [{"id": c.call_id, "name": c.name, "arguments": c.arguments} for c in calls],
            "results": [{"call_id": o.call_id, "name": o.tool, "label": o.label, "ok": o.ok,
                         "content": o.content, "visible": o.visible, "error": o.error,
                         "visible_arguments": shown_arguments.get(o.call_id),
                         "duration_ms": o.duration_ms, "retries": o.retries} for o in outcomes],
        })  # fmt: skip
        messages.extend(round_messages(result.rounds[-1], mode=mode))
        if sink.cancelled:
            return finish("cancelled")

    return finish("failed", {"code": "max_iterations",
                             "message": f"The agent stopped after {max_iterations} model calls."})  # fmt: skip


def _retrying(sink: EventSink, call, tool, retry: dict) -> None:
    """A ``tool_retry`` event: an idempotent tool failed transiently and is tried again."""
    sink.emit(events.TOOL_RETRY, {"call_id": call.call_id, "tool": tool.name, "label": tool.alias, **retry})
    sink.flush()


def round_messages(round_: dict, *, mode: str) -> list[dict]:
    """The chat messages one tool round adds to the model's context."""
    if mode == "prompt":
        observations = "\n".join(f"[{r['name']} result]\n{r['content']}" for r in round_["results"])
        return [
            {"role": "assistant", "content": round_["content"]},
            {"role": "user", "content": f"Tool results:\n{observations}\n\nContinue."},
        ]
    out: list[dict] = [{
        "role": "assistant",
        "content": round_["content"] or None,
        "tool_calls": [
            {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"] or "{}"}}
            for c in round_["tool_calls"]
        ],
    }]  # fmt: skip
    out.extend({"role": "tool", "tool_call_id": r["call_id"], "content": r["content"]} for r in round_["results"])
    return out


def history_messages(stored: list[dict], *, mode: str) -> list[dict]:
    """Stored messages (oldest first) as chat messages for the model."""
    out: list[dict] = []
    for message in stored:
        if message["role"] == "user":
            out.append({"role": "user", "content": message["content"]})
            continue
        for round_ in message.get("rounds") or ():
            out.extend(round_messages(round_, mode=mode))
        final = message.get("final_content")
        if final is None:
            final = message.get("content", "")
        if final:
            out.append({"role": "assistant", "content": final})
    return out
