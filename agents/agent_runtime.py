"""An agent's turn in the worker: its model, instructions and tools — and its sub-agents, as tools.

:func:`agent_turn` runs the judge → act → answer loop (``agents.loop``) for
one agent of a run's frozen spec (``agents.agent_selectors.agent_run_spec``),
or for the default agent when there is none. Each sub-agent the spec lists is
one more tool the model sees, named ``agent_<id>`` with the sub-agent's
description; calling it runs the sub-agent's own loop inside the same run, on
the same worker:

* its events go to the run's stream under the scope
  ``agent:<sub-agent id>:<call id>`` (below the caller's own scope), so the
  UI and the report nest them under the tool call;
* its model calls go through the run's ``ModelGateway`` under that scope, so
  usage and the budget are the asking person's, per model;
* several sub-agents asked in one model turn run concurrently (the registry
  runs a turn's calls side by side; greenlets under the gevent worker);
* cancel reaches every level (the scoped sinks share the run's cancel flag);
* a sub-agent marked ``refused`` (cycle, depth, gone) answers an error.

The caller's model gets the sub-agent's final answer as the tool's result.
The stored answer keeps what a person saw of the sub-agent's work under the
calling tool's result (``agent``: its scope, streamed text and tool steps,
visible data only and bounded, :func:`shown_work`), so a reopened conversation
nests it as the live view did.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

import orjson
from django.conf import settings

from agents.agent_selectors import tool_name_for
from agents.llm import DEFAULT
from agents.loop import LoopResult, run_loop
from agents.prompting import system_prompt
from providers.gateway import ModelGateway
from runs import events
from runs.kinds import EventSink, ScopedSink
from tools.registry import Tool, ToolContext, ToolError, registry

SUB_AGENT_PARAMETERS = {
    "type": "object",
    "properties": {"task": {"type": "string", "description": "What the agent should do, with everything it needs."}},
    "required": ["task"],
    "additionalProperties": False,
}
REFUSALS = {
    "cycle": "this agent is already working higher up in the chain (agents may not call each other in a cycle)",
    "depth": "the chain of agents calling agents is at its depth limit",
    "unavailable": "this agent no longer exists or is no longer shared",
}
# What the stored answer keeps of one sub-agent call's work (its own calls and theirs, all levels).
SHOWN_TEXT_CHARS = 20_000
SHOWN_CALLS = 100
SHOWN_BYTES = 256_000


@dataclass
class AgentTurn:
    """What one run needs to run agents: the run's gateway, sink, the asker's tools and context."""

    gateway: ModelGateway
    sink: EventSink
    tool_ctx: ToolContext
    available: list[Tool]  # the registry tools the asker may use
    reports: dict = field(default_factory=dict)  # (scope, call_id) -> the sub-agent's report
    work: dict = field(default_factory=dict)  # (scope, call_id) -> what a person saw of it (shown_work)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, agent: dict | None, messages: list[dict], *, scope: tuple[str, ...] = ()) -> LoopResult:
        """One agent's loop over ``messages`` (whose first is replaced by its system prompt)."""
        agent = agent or {}
        sink = ScopedSink(self.sink, scope) if scope else self.sink
        tools = self.tools_of(agent, scope=scope)
        llm = self.gateway.model(
            provider=agent.get("provider"),
            model=agent.get("model"),
            temperature=agent["temperature"] if agent.get("temperature") is not None else DEFAULT,
            scope=scope,
        )
        mode = agent.get("tool_mode") or (llm.choice.tool_mode if agent else settings.AGENT_TOOL_MODE)
        prompt = system_prompt(tools, mode=mode)
        if (agent.get("instructions") or "").strip():
            prompt += "\n\n# Your instructions\n" + agent["instructions"].strip()
        ctx = self.tool_ctx
        if agent.get("knowledge"):
            ctx = replace(ctx, knowledge_tags=tuple(agent["knowledge"]))
        result = run_loop(
            llm=llm,
            registry=registry,
            tools=tools,
            ctx=ctx,
            messages=[{"role": "system", "content": prompt}, *messages[1:]],
            sink=sink,
            mode=mode,
            max_iterations=agent.get("max_iterations") or settings.AGENT_MAX_ITERATIONS,
        )
        self._nest_reports(result, scope)
        return result

    def tools_of(self, agent: dict, *, scope: tuple[str, ...]) -> list[Tool]:
        """Exactly the agent's tools (those the asker may use, in its order) and its sub-agents."""
        if not agent:
            return list(self.available)
        by_name = {tool.name: tool for tool in self.available}
        tools = [by_name[name] for name in agent.get("tools") or () if name in by_name]
        tools += [self._sub_agent_tool(sub, scope=scope) for sub in agent.get("agents") or ()]
        return tools

    def _sub_agent_tool(self, sub: dict, *, scope: tuple[str, ...]) -> Tool:
        name = sub.get("name") or sub["id"]

        def call(arguments: dict, ctx: ToolContext) -> str:
            if sub.get("refused"):
                raise ToolError(f"{name} cannot be called: {REFUSALS.get(sub['refused'], sub['refused'])}")
            task = str(arguments.get("task") or "").strip()
            if not task:
                raise ToolError("task must not be empty")
            inner = (*scope, f"agent:{sub['id']}:{ctx.call_id}")
            result = self.run(sub, [{"role": "system", "content": ""}, {"role": "user", "content": task}], scope=inner)
            with self._lock:
                self.reports[(scope, ctx.call_id)] = {
                    "agent": {"id": sub["id"], "version": sub.get("version"), "name": name},
                    "scope": list(inner),
                    "status": result.status,
                    "model": result.model,
                    "usage": self.gateway.meter.for_scope(inner),
                    "steps": result.steps,
                }
                self.work[(scope, ctx.call_id)] = shown_work(result, scope=inner)
            if result.status == events.CANCELLED_STATUS:
                raise ToolError("cancelled")
            if result.status != events.SUCCEEDED:
                raise ToolError(f"{name} failed: {(result.error or {}).get('message') or 'no answer'}")
            return result.final_content or result.content

        label = f"{sub.get('emoji') or ''} {name}".strip()
        description = sub.get("description") or f"Ask the agent {name}."
        return Tool(
            name=tool_name_for(sub),
            alias=label,
            description=f"An agent you may delegate to: {description}",
            parameters=SUB_AGENT_PARAMETERS,
            func=call,
            timeout=float(settings.RUN_HARD_TIME_LIMIT),
            visible_args=_task_shown,
            visible_result=_answer_shown,
        )

    def _nest_reports(self, result: LoopResult, scope: tuple[str, ...]) -> None:
        """Put each sub-agent's report (its steps, usage, model) under the tool step that called it, and what
        a person saw of its work under the tool result of the round that called it (the stored answer)."""
        with self._lock:
            for step in result.steps:
                report = self.reports.pop((scope, step.get("call_id")), None)
                if report is not None:
                    step.update(kind="agent", **report)
            for round_ in result.rounds:
                for called in round_.get("results") or ():
                    work = self.work.pop((scope, called.get("call_id")), None)
                    if work is not None:
                        called["agent"] = work


def shown_work(result: LoopResult, *, scope: tuple[str, ...]) -> dict:
    """What a person saw of a sub-agent's work, to store with the answer: the scope its events carried,
    the text it streamed and its tool calls (their own sub-agents' work nested under them), each as the
    ``tool_result`` event showed it — visible arguments and result only, never the raw arguments or the
    output the model read. Bounded: at most SHOWN_CALLS calls and about SHOWN_BYTES of them over all
    levels, and SHOWN_TEXT_CHARS of text each; ``truncated`` says what was left out."""
    budget = {"calls": SHOWN_CALLS, "bytes": SHOWN_BYTES, "left_out": 0}
    return _shown(result.content, result.rounds, scope=scope, budget=budget, top=True)


def _shown(text: str, rounds: list[dict], *, scope: tuple[str, ...], budget: dict, top: bool = False) -> dict:
    calls = []
    for round_ in rounds:
        for called in round_.get("results") or ():
            shown = {
                key: called.get(key)
                for key in ("call_id", "name", "label", "ok", "visible", "visible_arguments", "error", "duration_ms")
            }
            size = len(orjson.dumps(shown, default=str))
            if budget["calls"] <= 0 or size > budget["bytes"]:
                budget["left_out"] += 1 + _calls_in(called.get("agent"))
                continue
            budget["calls"] -= 1
            budget["bytes"] -= size
            inner = called.get("agent")
            if inner:
                shown["agent"] = _shown(
                    inner.get("text") or "", inner.get("rounds") or (), scope=tuple(inner["scope"]), budget=budget
                )
            calls.append(shown)
    work = {"scope": list(scope), "text": text[:SHOWN_TEXT_CHARS], "rounds": [{"results": calls}] if calls else []}
    if len(text) > SHOWN_TEXT_CHARS:
        work["text_truncated"] = True
    if top and budget["left_out"]:
        work["truncated"] = budget["left_out"]
    return work


def _calls_in(work: dict | None) -> int:
    if not work:
        return 0
    return sum(1 + _calls_in(c.get("agent")) for r in work.get("rounds") or () for c in r.get("results") or ())


def _task_shown(arguments: dict) -> dict:
    return {"task": str(arguments.get("task") or "")[:500]}


def _answer_shown(result) -> dict:
    return {"answer": str(result)[:500]}
