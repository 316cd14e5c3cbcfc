"""What each node type does. An executor takes a :class:`NodeContext` and returns a :class:`NodeOutcome`.

Executors raise :class:`NodeError` (or another domain error) to fail their node
and :class:`Cancelled` when stopped before producing anything; a node stopped
half-way returns a cancelled outcome with what it had (an llm's partial text).
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections.abc import Callable, Mapping
from typing import Any

from agents.llm import REASONING, LLMTurn, estimate_usage
from runs import events
from runs.kinds import ScopedSink
from tools.registry import ToolCall, run_call, visible_arguments
from tools.secrets import REDACTED
from workflows.engine import conditions
from workflows.engine.context import LoopState, NodeContext, NodeOutcome, wait_cancellable
from workflows.engine.document import (
    AGENT,
    BLOCK_END,
    BLOCK_START,
    BREAK,
    CODE,
    CONDITION,
    CONTINUE,
    END,
    HTTP,
    LLM,
    LOOP,
    START,
    TOOL,
    VARIABLE,
)
from workflows.engine.http import run_http
from workflows.engine.interface import AgentNodeRequest, Cancelled, CodeRequest, LLMNodeRequest, NodeError
from workflows.engine.reports import CANCELLED, FAILED, SUCCEEDED
from workflows.engine.values import NULL, NUMBER, ref_parts, resolve, type_of

BUDGET_EXCEEDED = {"code": "budget_exceeded", "message": "Your monthly budget is used up; the node was stopped."}
SLOW = frozenset({LLM, LOOP, HTTP, TOOL, AGENT, CODE})  # their node_started is flushed at once
CODE_TIMEOUT_S = 60.0


def _start(ctx: NodeContext) -> NodeOutcome:
    return NodeOutcome(outputs=dict(ctx.run.inputs), inputs={})


def _end(ctx: NodeContext) -> NodeOutcome:
    outputs = ctx.inputs()
    ctx.run.outputs = outputs
    return NodeOutcome(outputs=outputs)


def _nothing(ctx: NodeContext) -> NodeOutcome:
    return NodeOutcome()


def _loop_signal(signal: str) -> Callable[[NodeContext], NodeOutcome]:
    def execute(ctx: NodeContext) -> NodeOutcome:
        if ctx.loop is None:
            raise NodeError(f"a {signal} node only works inside a loop")
        if ctx.loop.signal is None:
            ctx.loop.signal = signal
        return NodeOutcome()

    return execute


# --- condition ---------------------------------------------------------------------------------


def _condition(ctx: NodeContext) -> NodeOutcome:
    evaluated, branch = [], None
    for item in ctx.data.get("conditions") or []:
        key, value = item.get("key"), item.get("value") or {}
        operator = value.get("operator")
        left = resolve(value.get("left"), ctx.scope)
        left_value, left_type = (left.value, left.type) if left is not None else (None, NULL)
        try:
            expected = conditions.check(left_type, operator)
        except conditions.ConditionError as exc:
            raise NodeError(f'condition "{key}": {exc}') from None
        right = resolve(value.get("right"), ctx.scope, expected) if value.get("right") else None
        right_value, right_type = (right.value, right.type) if right is not None else (None, NULL)
        result = conditions.holds(left_value, left_type, operator, right_value, right_type)
        evaluated.append({"key": key, "left": left_value, "operator": operator, "right": right_value, "result": result})
        if result and branch is None:
            branch = key
    return NodeOutcome(branch=branch or conditions.ELSE, inputs={"conditions": evaluated})


# --- variable ----------------------------------------------------------------------------------


def _variable(ctx: NodeContext) -> NodeOutcome:
    """FlowGram's variable node: ``declare`` a new output, or ``assign`` a new value to an existing variable."""
    outputs, shown = {}, []
    for row in ctx.data.get("assign") or []:
        found = resolve(row.get("right"), ctx.scope)
        value = found.value if found is not None else None
        if row.get("operator") == "declare":
            outputs[row["left"]] = value
            shown.append({"declare": row["left"], "value": value})
            continue
        parts = ref_parts(row.get("left"))
        if parts is None or not ctx.scope.assign(parts[0], parts[1], parts[2:], value):
            target = ".".join(parts) if parts else "nothing"
            raise NodeError(f'cannot assign to "{target}": there is no such variable')
        shown.append({"assign": ".".join(parts), "value": value})
    return NodeOutcome(outputs=outputs, inputs={"assign": shown})


# --- llm -----------------------------------------------------------------------------------------


def _llm(ctx: NodeContext) -> NodeOutcome:
    inputs = ctx.inputs()
    api_key = inputs.get("apiKey") if isinstance(inputs.get("apiKey"), str) else ""
    ctx.secrets.add(api_key)
    ctx.shown_inputs = {**inputs, **({"apiKey": REDACTED} if api_key else {})}
    prompt = inputs.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise NodeError("the prompt is empty")
    temperature = inputs.get("temperature")
    if env_llm := ctx.env.llm:
        client = env_llm(
            LLMNodeRequest(
                node_id=ctx.node.id,
                scope=tuple(getattr(ctx.sink, "scope", ())),
                model_name=str(inputs.get("modelName") or ""),
                api_host=str(inputs.get("apiHost") or ""),
                api_key=api_key,
                temperature=float(temperature) if isinstance(temperature, int | float) else None,
            )
        )
    else:
        raise NodeError("no model is available to llm nodes on this platform")
    messages = []
    system = inputs.get("systemPrompt")
    if isinstance(system, str) and system.strip():
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": prompt})
    return stream_completion(ctx, client, messages)


def stream_completion(ctx: NodeContext, client: Any, messages: list[dict]) -> NodeOutcome:
    """Stream one completion into the node's scope; stop at once on cancel, keeping the partial text.

    The stream is read in a helper thread so that a cancel does not wait for
    the model's next bytes: the node returns, and the connection is closed.
    """
    batches: queue.SimpleQueue = queue.SimpleQueue()
    stopped = threading.Event()
    opened: dict[str, Any] = {}

    def pump() -> None:
        try:
            with client.open_stream(messages, None) as stream:
                opened["stream"] = stream
                for batch in stream:
                    if stopped.is_set():
                        return
                    batches.put(("batch", batch))
            # After the context closed: a metered stream has recorded its usage (with its cost) by now.
            batches.put(("done", stream))
        except BaseException as exc:  # raised in the node's thread
            if not stopped.is_set():
                batches.put(("error", exc))

    unregister = ctx.stop.on_cancel(lambda: batches.put(("cancel", None)))
    threading.Thread(target=pump, name=f"llm-{ctx.node.id}", daemon=True).start()
    parts: list[str] = []
    try:
        while True:
            kind, payload = batches.get()
            if kind == "batch":
                for delta_kind, text in payload:
                    if delta_kind == REASONING:
                        ctx.sink.emit(events.REASONING_TOKEN, text)
                    else:
                        parts.append(text)
                        ctx.sink.emit(events.TOKEN, text)
                ctx.sink.flush()
            elif kind == "done":
                turn: LLMTurn = payload.turn
                usage = getattr(payload, "usage", None) or turn.usage or estimate_usage(messages, turn)
                if getattr(payload, "exceeded", False):
                    raise NodeError(BUDGET_EXCEEDED["message"], code=BUDGET_EXCEEDED["code"])
                return NodeOutcome(outputs={"result": "".join(parts)}, usage=usage, model=turn.model or client.model)
            elif kind == "error":
                raise payload
            else:  # cancel
                stopped.set()
                with contextlib.suppress(Exception):  # best effort: free the connection
                    stream = opened.get("stream")
                    if stream is not None and hasattr(stream, "close"):
                        stream.close()
                partial = "".join(parts)
                usage = estimate_usage(messages, LLMTurn(content=partial)) if partial else None
                return NodeOutcome(status=CANCELLED, outputs={"result": partial}, usage=usage, model=client.model)
    finally:
        unregister()


# --- loop ----------------------------------------------------------------------------------------


def _loop(ctx: NodeContext) -> NodeOutcome:
    node, run = ctx.node, ctx.run
    parts = ref_parts(ctx.data.get("loopFor"))
    found = ctx.scope.lookup(parts[0], parts[1], parts[2:]) if parts else None
    if found is None or found.value is None:
        raise NodeError('"loopFor" has no value: it must refer to an array')
    if not isinstance(found.value, list):
        raise NodeError(f'"loopFor" must be an array, not {type_of(found.value)}')
    items = found.value
    if len(items) > ctx.env.max_loop_iterations:
        raise NodeError(f"the loop would run {len(items)} times; at most {ctx.env.max_loop_iterations} are allowed")
    ctx.shown_inputs = {"loopFor": items}
    wanted = ctx.data.get("loopOutputs") if isinstance(ctx.data.get("loopOutputs"), Mapping) else {}
    gathered: dict[str, list] = {key: [] for key in wanted}
    iterations: list[dict] = []
    entry = run.doc.first_of(node.id, BLOCK_START)
    locals_id = f"{node.id}_locals"
    for index, item in enumerate(items):
        if run.stop.cancelled:
            break
        scope = ctx.scope.child()
        scope.set(locals_id, "item", item, found.items_type if item is not None else None)
        scope.set(locals_id, "index", index, NUMBER)
        state = LoopState()
        run.run_canvas(node.id, entry.id, scope, ctx.sink.scoped(f"iter:{index}"), (*ctx.iteration, index), state)
        if run.stop.cancelled:
            iterations.append({"index": index, "status": FAILED if run.failure else CANCELLED})
            break
        iterations.append({"index": index, "status": state.signal or SUCCEEDED})
        if state.signal == "break":
            break
        if state.signal == "continue":
            continue
        for key, ref in wanted.items():
            value = resolve(ref, scope)
            gathered[key].append(value.value if value is not None else None)
    if run.stop.cancelled:
        if run.failure is not None:
            failed_at = iterations[-1]["index"] if iterations else 0
            return NodeOutcome(
                status=FAILED,
                outputs=gathered,
                iterations=iterations,
                error={"code": "node_failed", "message": f"iteration {failed_at} failed"},
            )
        return NodeOutcome(status=CANCELLED, outputs=gathered, iterations=iterations)
    return NodeOutcome(outputs=gathered, iterations=iterations)


# --- tool, agent, code -------------------------------------------------------------------------


def _tool(ctx: NodeContext) -> NodeOutcome:
    name = ctx.data.get("tool") or ctx.data.get("toolName")
    tool = next((t for t in ctx.env.tools if t.name == name), None)
    if tool is None or ctx.env.tool_context is None:
        raise NodeError(f'the tool "{name}" is not available to you')
    arguments = ctx.inputs()
    call = ToolCall(
        call_id=f"{ctx.node.id}-{'-'.join(map(str, ctx.iteration)) or '0'}",
        name=tool.name,
        arguments=json.dumps(arguments, ensure_ascii=False, default=str),
    )
    ctx.sink.emit(
        events.TOOL_START,
        {
            "call_id": call.call_id,
            "tool": tool.name,
            "label": tool.alias,
            "visible": visible_arguments(tool, call.arguments),
        },
    )
    ctx.sink.flush()
    outcome = wait_cancellable(lambda: run_call(call, tool, ctx.env.tool_context), ctx.stop, name=f"tool-{tool.name}")
    ctx.sink.emit(
        events.TOOL_RESULT,
        {
            "call_id": call.call_id,
            "tool": tool.name,
            "label": tool.alias,
            "ok": outcome.ok,
            "visible": outcome.visible,
            "error": outcome.error,
            "duration_ms": outcome.duration_ms,
        },
    )
    if not outcome.ok:
        raise NodeError(f"the tool {tool.alias or tool.name} failed: {outcome.error}")
    result = outcome.result if _is_json(outcome.result) else outcome.content
    return NodeOutcome(outputs={"result": result, "text": outcome.content}, tool=tool.name)


def _agent(ctx: NodeContext) -> NodeOutcome:
    if ctx.env.agent is None:
        raise NodeError("agent nodes are not available on this platform")
    inputs = ctx.inputs()
    api_key = inputs.get("apiKey") if isinstance(inputs.get("apiKey"), str) else ""
    ctx.secrets.add(api_key)
    ctx.shown_inputs = {**inputs, **({"apiKey": REDACTED} if api_key else {})}
    prompt = inputs.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise NodeError("the prompt is empty")
    tools = ctx.data.get("tools") or inputs.get("tools") or ()
    temperature = inputs.get("temperature")
    request = AgentNodeRequest(
        node_id=ctx.node.id,
        scope=tuple(getattr(ctx.sink, "scope", ())),
        prompt=prompt,
        instructions=str(inputs.get("instructions") or inputs.get("systemPrompt") or ""),
        tools=tuple(t for t in tools if isinstance(t, str)),
        model_name=str(inputs.get("modelName") or ""),
        api_host=str(inputs.get("apiHost") or ""),
        api_key=api_key,
        temperature=float(temperature) if isinstance(temperature, int | float) else None,
        max_iterations=inputs.get("maxIterations") if isinstance(inputs.get("maxIterations"), int) else None,
    )
    streamed = _TextCapture(ctx.sink)
    try:
        result = wait_cancellable(
            lambda: ctx.env.agent(request, streamed, ctx.stop), ctx.stop, name=f"agent-{ctx.node.id}"
        )
    except Cancelled:
        return NodeOutcome(status=CANCELLED, outputs={"result": "".join(streamed.text)})
    outcome = NodeOutcome(outputs={"result": result.content}, usage=result.usage, model=result.model)
    if result.status == CANCELLED or ctx.stop.cancelled:
        outcome.status = CANCELLED
    elif result.status != SUCCEEDED:
        error = result.error or {"code": "node_failed", "message": "the agent did not answer"}
        raise NodeError(str(error.get("message")), code=error.get("code") or "node_failed")
    return outcome


class _TextCapture:
    """The agent node's sink: passes everything on, and keeps the answer text streamed so far."""

    def __init__(self, sink) -> None:
        self.sink = sink
        self.text: list[str] = []

    def emit(self, type: str, data: Any, *, scope=None) -> None:
        if type == events.TOKEN and not scope:
            self.text.append(data)
        self.sink.emit(type, data, scope=scope)

    def flush(self) -> None:
        self.sink.flush()

    @property
    def cancelled(self) -> bool:
        return self.sink.cancelled

    @property
    def scope(self) -> tuple:
        return tuple(getattr(self.sink, "scope", ()))

    def scoped(self, *scope: str):
        return ScopedSink(self, scope)


def _code(ctx: NodeContext) -> NodeOutcome:
    if ctx.env.code is None:
        raise NodeError("code nodes run only in a sandbox, and none is available")
    params = ctx.inputs()
    script = ctx.data.get("script") if isinstance(ctx.data.get("script"), Mapping) else {}
    source = script.get("content")
    if not isinstance(source, str) or not source.strip():
        raise NodeError("the code is empty")
    request = CodeRequest(
        node_id=ctx.node.id,
        language=str(script.get("language") or "javascript"),
        source=source,
        params=params,
        timeout=CODE_TIMEOUT_S,
        cancel=ctx.stop,
    )
    result = wait_cancellable(lambda: ctx.env.code(request), ctx.stop, name=f"code-{ctx.node.id}")
    logs = str(getattr(result, "logs", "") or "")
    if result.error:
        return NodeOutcome(
            status=FAILED, error={"code": "node_failed", "message": f"the code failed: {result.error}"}, logs=logs
        )
    if ctx.stop.cancelled:
        return NodeOutcome(status=CANCELLED, logs=logs)
    outputs = result.outputs if isinstance(result.outputs, dict) else {"result": result.outputs}
    return NodeOutcome(outputs=outputs, logs=logs)


def _is_json(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)


EXECUTORS: dict[str, Callable[[NodeContext], NodeOutcome]] = {
    START: _start,
    END: _end,
    BLOCK_START: _nothing,
    BLOCK_END: _nothing,
    BREAK: _loop_signal("break"),
    CONTINUE: _loop_signal("continue"),
    CONDITION: _condition,
    LLM: _llm,
    LOOP: _loop,
    HTTP: run_http,
    TOOL: _tool,
    AGENT: _agent,
    CODE: _code,
    VARIABLE: _variable,
}
